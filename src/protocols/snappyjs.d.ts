/** Types for snappyjs 0.7 (the package ships none): Snappy block format, as Loki's push protocol uses it. */
declare module 'snappyjs' {
  /** Throws when the header's uncompressed length exceeds `maxLength`, before allocating it. */
  export function uncompress<T extends Uint8Array | ArrayBuffer>(compressed: T, maxLength?: number): T;
  export function compress<T extends Uint8Array | ArrayBuffer>(uncompressed: T): T;
}
