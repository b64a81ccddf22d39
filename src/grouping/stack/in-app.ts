/**
 * Which frames are the application's own code. Library, standard-library and runtime frames are not: they
 * are the same for every error that passes through them, so they say little about which problem it is.
 */
import type { RawFrame } from './frame-lines.js';

/** Paths that hold installed packages or the runtime, in every language. */
const LIBRARY_PATH = new RegExp([
  String.raw`node_modules[\\/]`, String.raw`^node:`, String.raw`^internal[\\/]`, String.raw`^<anonymous>$`, String.raw`^native$`,
  String.raw`site-packages[\\/]`, String.raw`dist-packages[\\/]`, String.raw`[\\/]lib[\\/]python\d`, String.raw`^<frozen `, String.raw`^<string>$`,
  String.raw`[\\/]gems[\\/]`, String.raw`[\\/]lib[\\/]ruby[\\/]`, String.raw`^<internal:`, String.raw`[\\/]rubygems[\\/]`,
  String.raw`(?:^|[\\/])vendor[\\/]`, String.raw`^\[internal function\]$`,
  String.raw`[\\/]go[\\/]src[\\/]`, String.raw`^GOROOT[\\/]`, String.raw`[\\/]pkg[\\/]mod[\\/]`, String.raw`@v\d`,
].join('|'));

/** JVM packages of the platform and of the common frameworks and libraries. */
const JVM_LIBRARY = /^(?:java|javax|jakarta|sun|com\.sun|jdk|kotlin|kotlinx|scala|groovy|clojure|org\.(?:springframework|apache|hibernate|eclipse|junit|slf4j|postgresql|mariadb|h2|jboss|glassfish|aspectj|gradle|mockito|thymeleaf|flywaydb|quartz|elasticsearch)|ch\.qos|io\.(?:netty|micrometer|grpc|reactivex|undertow|vertx|opentelemetry|lettuce|projectreactor)|reactor|com\.(?:fasterxml|zaxxer|mysql|google|amazonaws|netflix|mongodb|datastax)|okhttp3|okio|feign|retrofit2|akka|play|lombok)\./;
/** Generated JVM frames (proxies, lambdas, reflection) change between runs and builds. */
const JVM_GENERATED = /\$\$|GeneratedMethodAccessor|GeneratedConstructorAccessor|^\$Proxy/;

const DOTNET_LIBRARY = /^(?:System|Microsoft|Npgsql|Newtonsoft|Dapper|Grpc|Polly|Serilog|NLog|StackExchange|MediatR|AutoMapper|Castle|Autofac|Hangfire|Azure|Amazon)\./;

/** Go standard-library packages (the first element of the import path), as -trimpath builds print them. */
const GO_STDLIB = new Set(('archive bufio builtin bytes cmp compress container context crypto database debug embed encoding errors ' +
  'expvar flag fmt go hash html image index internal io iter log maps math mime net os path plugin reflect regexp ' +
  'panic runtime slices sort strconv strings structs sync syscall testing text time unicode unique unsafe weak').split(' '));

export function isInApp(frame: RawFrame): boolean {
  if (LIBRARY_PATH.test(frame.file)) return false;
  switch (frame.lang) {
    case 'java': return !JVM_LIBRARY.test(frame.function) && !JVM_GENERATED.test(frame.function);
    case 'dotnet': return !DOTNET_LIBRARY.test(frame.function);
    case 'go': return !GO_STDLIB.has(goPackageRoot(frame.function));
    case 'node': return frame.file !== '' && frame.function !== 'process.processTicksAndRejections';
    case 'php': return frame.file !== '';
    default: return true;
  }
}

/** `net/http.(*conn).serve` → `net`; `github.com/acme/app/orders.Create` → `github.com`; `main.main` → `main`. */
function goPackageRoot(fn: string): string {
  const slash = fn.indexOf('/');
  const dot = fn.indexOf('.');
  const end = slash >= 0 && (dot < 0 || slash < dot) ? slash : dot;
  return end < 0 ? fn : fn.slice(0, end);
}
