import protobuf from 'protobufjs';
import { encodeRequest, decodeProtobuf } from './src/protocols/otlp/codec.ts';
import { entry, rng } from './bench/lib/logs.ts';
const r = rng(1);
const av = (v: any): any => typeof v === 'string' ? { stringValue: v } : typeof v === 'number' ? { intValue: v } : { kvlistValue: { values: Object.entries(v).map(([key, value]) => ({ key, value: av(value) })) } };
const es = Array.from({ length: 100 }, () => entry(r));
const now = Date.now();
const mk = (attrs: boolean, ts: boolean) => encodeRequest({ resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 's' } }] }, scopeLogs: [{ scope: { name: 'b' }, logRecords: es.map((e) => ({ ...(ts ? { timeUnixNano: String(BigInt(now) * 1000000n) } : {}), severityNumber: 9, body: { stringValue: e.message }, attributes: attrs ? Object.entries(e.context).map(([key, value]) => ({ key, value: av(value) })) : [] })) }] }] });
function time(name: string, f: () => void) { for (let i = 0; i < 500; i++) f(); const t = process.hrtime.bigint(); for (let i = 0; i < 3000; i++) f(); console.log(name, (Number(process.hrtime.bigint() - t) / 1e6 / 3000).toFixed(3), 'ms/batch'); }
const full = mk(true, true), noattr = mk(false, true), nots = mk(true, false);
time('full', () => decodeProtobuf(full));
time('no attributes', () => decodeProtobuf(noattr));
time('no ts', () => decodeProtobuf(nots));
time('full again', () => decodeProtobuf(full));
const s = full.toString('latin1');
time('JSON.parse equivalent size', () => JSON.parse(JSON.stringify({a: s.length})));
console.log(full.length, (protobuf as any).util.Long ? 'Long on' : 'no Long');
