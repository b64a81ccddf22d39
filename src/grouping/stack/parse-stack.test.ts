import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseStack, type Frame } from './parse-stack.js';

/** "file|function|line|app" per frame: one readable line to compare. */
const brief = (frames: Frame[]) => frames.map((f) => `${f.file}|${f.function}|${f.line ?? ''}${f.column ? ':' + f.column : ''}|${f.in_app ? 'app' : 'lib'}`);

test('Python traceback, chained, most recent call first; site-packages, stdlib and frozen frames are not in-app', () => {
  const text = `Traceback (most recent call last):
  File "/app/shop/db.py", line 12, in load
    return json.loads(raw)
  File "/usr/lib/python3.11/json/__init__.py", line 346, in loads
    return _default_decoder.decode(s)
json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "<frozen runpy>", line 198, in _run_module_as_main
  File "/srv/venv/lib/python3.11/site-packages/flask/app.py", line 1484, in full_dispatch_request
    rv = self.dispatch_request()
  File "/app/shop/views.py", line 40, in show
    data = load()
           ^^^^^^
  File "/app/shop/db.py", line 14, in load
    raise LoadError("bad cache") from None
shop.db.LoadError: bad cache`;
  assert.deepEqual(brief(parseStack(text)), [
    '/app/shop/db.py|load|14|app', '/app/shop/views.py|show|40|app', '/srv/venv/lib/python3.11/site-packages/flask/app.py|full_dispatch_request|1484|lib',
    '<frozen runpy>|_run_module_as_main|198|lib', '/usr/lib/python3.11/json/__init__.py|loads|346|lib', '/app/shop/db.py|load|12|app',
  ]);
  assert.equal(parseStack(text)[0].raw, 'File "/app/shop/db.py", line 14, in load');
});

test('Node/V8: named, anonymous, async, constructors, node: internals and node_modules', () => {
  const text = `TypeError: Cannot read properties of undefined (reading 'id')
    at OrderService.charge (/srv/app/dist/orders/service.js:42:17)
    at new Cart (file:///srv/app/src/cart.mjs:3:9)
    at async Promise.all (index 0)
    at async /srv/app/dist/routes/orders.js:18:5
    at Layer.handle [as handle_request] (/srv/app/node_modules/express/lib/router/layer.js:95:5)
    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)
    at JSON.parse (<anonymous>)`;
  assert.deepEqual(brief(parseStack(text)), [
    '/srv/app/dist/orders/service.js|OrderService.charge|42:17|app', 'file:///srv/app/src/cart.mjs|new Cart|3:9|app',
    '/srv/app/dist/routes/orders.js|<anonymous>|18:5|app', '/srv/app/node_modules/express/lib/router/layer.js|Layer.handle [as handle_request]|95:5|lib',
    'node:internal/process/task_queues|process.processTicksAndRejections|95:5|lib',
  ]);
});

test('Go panic: the failing goroutine only, frames below panic(), stdlib and module cache not in-app', () => {
  const text = `panic: runtime error: invalid memory address or nil pointer dereference [recovered]
[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x6b3f2a]

goroutine 34 [running]:
main.recoverAndLog()
	/build/cmd/api/recover.go:22 +0x1a5
panic({0x70a2e0?, 0x9b8a10?})
	/usr/local/go/src/runtime/panic.go:914 +0x21f
github.com/acme/shop/orders.(*Handler).Get(0xc000118000, {0x7f1e2c, 0xc0000a4000}, 0xc0000b2000)
	/build/orders/handler.go:57 +0x4a
github.com/acme/shop/orders.(*Handler).Get.func1(...)
	/build/orders/handler.go:61
github.com/lib/pq.(*conn).query(0xc0001)
	/root/go/pkg/mod/github.com/lib/pq@v1.10.9/conn.go:885 +0x3a
net/http.HandlerFunc.ServeHTTP(0x0?, {0x7f1e2c?, 0xc0000a4000?}, 0x0?)
	net/http/server.go:2136 +0x29
created by net/http.(*Server).Serve in goroutine 1
	/usr/local/go/src/net/http/server.go:3086 +0x4cc

goroutine 1 [IO wait]:
internal/poll.runtime_pollWait(0x7f, 0x72)
	/usr/local/go/src/runtime/netpoll.go:343 +0x85`;
  assert.deepEqual(brief(parseStack(text)), [
    '/build/orders/handler.go|github.com/acme/shop/orders.(*Handler).Get|57|app', '/build/orders/handler.go|github.com/acme/shop/orders.(*Handler).Get.func1|61|app',
    '/root/go/pkg/mod/github.com/lib/pq@v1.10.9/conn.go|github.com/lib/pq.(*conn).query|885|lib', 'net/http/server.go|net/http.HandlerFunc.ServeHTTP|2136|lib',
    '/usr/local/go/src/net/http/server.go|net/http.(*Server).Serve|3086|lib',
  ]);
});

test('Go debug.Stack() and our sample\'s caller stack ("function\\n\\tfile:line")', () => {
  const text = `goroutine 1 [running]:
runtime/debug.Stack()
	/usr/local/go/src/runtime/debug/stack.go:24 +0x5e
main.main()
	/home/me/app/main.go:9 +0x1d`;
  assert.deepEqual(brief(parseStack(text)), ['/usr/local/go/src/runtime/debug/stack.go|runtime/debug.Stack|24|lib', '/home/me/app/main.go|main.main|9|app']);
  assert.deepEqual(brief(parseStack('main.charge\n\t/app/pay.go:12\nmain.main\n\t/app/main.go:5')), ['/app/pay.go|main.charge|12|app', '/app/main.go|main.main|5|app']);
});

test('Java: modules, Caused by, "... N more", generated proxies and lambdas, logback jar suffixes', () => {
  const text = `org.springframework.web.util.NestedServletException: Request processing failed
	at org.springframework.web.servlet.FrameworkServlet.processRequest(FrameworkServlet.java:1014) ~[spring-webmvc-5.3.20.jar:5.3.20]
	at java.base/java.lang.Thread.run(Thread.java:833)
Caused by: java.lang.IllegalStateException: Cart 42 is closed
	at com.acme.shop.cart.CartService.addItem(CartService.java:57) ~[classes/:na]
	at com.acme.shop.cart.CartService$$EnhancerBySpringCGLIB$$8f1b2c.addItem(<generated>)
	at com.acme.shop.cart.CartController$$Lambda$1234/0x0000000800c4b040.apply(Unknown Source)
	at app//com.acme.shop.Main.run(Main.kt:12)
	at jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)
	... 48 more`;
  assert.deepEqual(brief(parseStack(text)), [
    'FrameworkServlet.java|org.springframework.web.servlet.FrameworkServlet.processRequest|1014|lib', 'Thread.java|java.lang.Thread.run|833|lib',
    'CartService.java|com.acme.shop.cart.CartService.addItem|57|app', '|com.acme.shop.cart.CartService$$EnhancerBySpringCGLIB$$8f1b2c.addItem||lib',
    '|com.acme.shop.cart.CartController$$Lambda$1234/0x0000000800c4b040.apply||lib', 'Main.kt|com.acme.shop.Main.run|12|app',
    '|jdk.internal.reflect.NativeMethodAccessorImpl.invoke0||lib',
  ]);
});

test('Ruby: the header line is the top frame; old and 3.4 quoting; gems and <internal: are not in-app', () => {
  const text = `app/models/order.rb:42:in 'Order#charge': undefined method 'id' for nil (NoMethodError)
	from /srv/releases/20240101/app/controllers/orders_controller.rb:17:in \`block (2 levels) in create'
	from /usr/local/bundle/gems/actionpack-7.1.2/lib/action_controller/metal/basic_implicit_render.rb:6:in 'send_action'
	from <internal:kernel>:187:in 'loop'`;
  assert.deepEqual(brief(parseStack(text)), [
    'app/models/order.rb|Order#charge|42|app', '/srv/releases/20240101/app/controllers/orders_controller.rb|block (2 levels) in create|17|app',
    '/usr/local/bundle/gems/actionpack-7.1.2/lib/action_controller/metal/basic_implicit_render.rb|send_action|6|lib', '<internal:kernel>|loop|187|lib',
  ]);
});

test('PHP: getTraceAsString() and Monolog\'s "file:line" trace; vendor and internal functions are not in-app', () => {
  const text = `#0 /var/www/src/Service/Payment.php(42): App\\Service\\Gateway->charge(Object(App\\Entity\\Order), 1200)
#1 /var/www/vendor/symfony/http-kernel/HttpKernel.php(163): App\\Controller\\OrderController->pay(Object(Symfony\\Component\\HttpFoundation\\Request))
#2 [internal function]: App\\Kernel->handle()
#3 {main}`;
  assert.deepEqual(brief(parseStack(text)), [
    '/var/www/src/Service/Payment.php|App\\Service\\Gateway->charge|42|app', '/var/www/vendor/symfony/http-kernel/HttpKernel.php|App\\Controller\\OrderController->pay|163|lib',
    '[internal function]|App\\Kernel->handle||lib',
  ]);
  assert.deepEqual(brief(parseStack('/var/www/src/Db.php:41\n/var/www/vendor/x/Kernel.php:9')), ['/var/www/src/Db.php||41|app', '/var/www/vendor/x/Kernel.php||9|lib']);
});

test('.NET: with and without file and line; System and Microsoft frames are not in-app', () => {
  const text = `System.InvalidOperationException: Sequence contains no elements
   at System.Linq.ThrowHelper.ThrowNoElementsException()
   at Shop.Orders.OrderService.Charge(Int32 orderId, String currency) in /src/Shop/Orders/OrderService.cs:line 40
--- End of stack trace from previous location ---
   at Microsoft.AspNetCore.Mvc.Infrastructure.ActionMethodExecutor.Execute()`;
  assert.deepEqual(brief(parseStack(text)), [
    '|System.Linq.ThrowHelper.ThrowNoElementsException||lib', '/src/Shop/Orders/OrderService.cs|Shop.Orders.OrderService.Charge|40|app',
    '|Microsoft.AspNetCore.Mvc.Infrastructure.ActionMethodExecutor.Execute||lib',
  ]);
});

test('text that is not a stack gives no frames; a huge stack is bounded', () => {
  assert.deepEqual(parseStack('just a message\nwith two lines'), []);
  assert.deepEqual(parseStack(''), []);
  const huge = Array.from({ length: 5000 }, (_, i) => `    at f${i} (/app/x.js:${i}:1)`).join('\n');
  assert.equal(parseStack(huge).length, 200);
});
