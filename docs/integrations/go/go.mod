module example.com/devsmith

go 1.23
