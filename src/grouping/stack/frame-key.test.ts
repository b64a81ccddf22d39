import assert from 'node:assert/strict';
import { test } from 'node:test';
import { displayFile, fileKey, fingerprintFrames, functionKey } from './frame-key.js';
import type { Frame } from './parse-stack.js';

test('files are shown by their last two segments, without module versions and bundle hashes', () => {
  assert.equal(displayFile('/home/deploy/releases/20240101120000/app/models/order.rb'), 'models/order.rb');
  assert.equal(displayFile('C:\\agent\\_work\\3\\s\\Shop\\Orders\\OrderService.cs'), 'Orders/OrderService.cs');
  assert.equal(displayFile('/root/go/pkg/mod/github.com/lib/pq@v1.10.9/conn.go'), 'pq/conn.go');
  assert.equal(displayFile('/app/dist/main.3f9a2c1b.js'), 'dist/main.js');
  assert.equal(displayFile('webpack:///./src/cart.js?abc'), 'src/cart.js');
  assert.equal(displayFile('CartService.java'), 'CartService.java');
  assert.equal(displayFile(''), '');
});

test('in a fingerprint a file is its name: where the project was deployed does not matter', () => {
  assert.equal(fileKey('/app/server.js'), 'server.js');
  assert.equal(fileKey('/home/bob/code/shop/server.js'), 'server.js');
  assert.equal(fileKey('/app/dist/main.3f9a2c1b.js'), 'main.js');
  assert.equal(fileKey(''), '');
});

test('functions lose generated ids, lambda numbers and async/new prefixes', () => {
  const cases: Array<[string, string]> = [
    ['async CartController.show', 'CartController.show'],
    ['new StripeClient', 'StripeClient'],
    ['Layer.handle [as handle_request]', 'Layer.handle'],
    ['Object.<anonymous>', '<anonymous>'],
    ['com.acme.CartController$$Lambda$1234/0x0000000800c4b040.apply', 'com.acme.CartController$$Lambda.apply'],
    ['com.acme.CartService$$EnhancerBySpringCGLIB$$8f1b2c.addItem', 'com.acme.CartService$$EnhancerBySpringCGLIB.addItem'],
    ['com.acme.CartController.lambda$add$0', 'com.acme.CartController.lambda$add'],
    ['com.acme.Poller$1.run', 'com.acme.Poller$.run'],
    ['github.com/acme/shop/orders.(*Handler).Get.func1.2', 'github.com/acme/shop/orders.(*Handler).Get.func'],
    ['block (2 levels) in create', 'block in create'],
    ['_app_views_orders_show_html_erb__1234567_8901', '_app_views_orders_show_html_erb'],
    ['Shop.Orders.OrderTotals.<Compute>b__5_0', 'Shop.Orders.OrderTotals.<Compute>b__'],
    ['Shop.Api.OrdersController.<Get>d__7.MoveNext', 'Shop.Api.OrdersController.<Get>d__.MoveNext'],
  ];
  for (const [input, expected] of cases) assert.equal(functionKey(input), expected, input);
});

const frame = (file: string, fn: string, inApp: boolean): Frame => ({ file, function: fn, line: 1, column: null, in_app: inApp, raw: '' });

test('fingerprint frames: in-app only when there are any, all otherwise, recursion collapsed', () => {
  const frames = [frame('/a/src/x.js', 'f', true), frame('/a/node_modules/l/i.js', 'g', false), frame('/a/src/x.js', 'f', true), frame('/a/src/y.js', 'h', true)];
  assert.deepEqual(fingerprintFrames(frames), ['x.js|f', 'y.js|h']);
  assert.deepEqual(fingerprintFrames([frame('node:net', 'afterConnect', false)]), ['node:net|afterConnect']);
  assert.deepEqual(fingerprintFrames([]), []);
});
