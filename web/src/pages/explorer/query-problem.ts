import { ApiError } from '../../api/client';
import type { QueryProblem } from './QueryHighlight';

/** The parse error of `q` in an API answer (400 INVALID_QUERY with `position` and `length`), if that is what it is. */
export function queryProblemOf(...errors: Array<Error | undefined>): QueryProblem | null {
  for (const error of errors) {
    if (!(error instanceof ApiError) || error.code !== 'INVALID_QUERY') continue;
    const { position, length } = error.extra;
    return {
      message: error.message,
      position: typeof position === 'number' ? position : undefined,
      length: typeof length === 'number' ? length : undefined,
    };
  }
  return null;
}
