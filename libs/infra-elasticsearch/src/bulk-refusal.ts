import type { estypes } from '@elastic/elasticsearch';
import { TRANSIENT_STATUSES } from '@chat/platform';

/**
 * A bulk request Elasticsearch answered 200 with some items refused. When any was refused because
 * the cluster could not take it now, not because the document is wrong (429
 * `es_rejected_execution_exception`: write queue full; 503 `unavailable_shards_exception`: a primary
 * shard not assigned yet; timeouts and gateway errors: TRANSIENT_STATUSES) it is `transient`, which the consumers' isTransientError reads: the batch
 * is then sent again until the cluster takes it, never dead-lettered. Sending the items that did
 * succeed again is harmless, as every write here is versioned or idempotent. Otherwise the items
 * themselves are at fault (a 400 `mapper_parsing_exception`, say) and the events are given up after
 * CONSUMER_MAX_ATTEMPTS tries.
 */
export class BulkRefusalError extends Error {
  readonly transient: boolean;

  constructor(what: string, refused: readonly estypes.BulkResponseItem[]) {
    const shown = refused.find((item) => TRANSIENT_STATUSES.has(item.status)) ?? refused[0];
    super(`${what}: ${refused.length} refused, one with status ${shown.status} ${shown.error?.type}: ${shown.error?.reason}`);
    this.name = 'BulkRefusalError';
    this.transient = TRANSIENT_STATUSES.has(shown.status);
  }
}

/** The items of a bulk answer that failed, but for those whose status says the wanted state is there already (`settled`). */
export function refusedItems(result: estypes.BulkResponse, settled: number): estypes.BulkResponseItem[] {
  if (!result.errors) return [];
  return result.items.flatMap((item) => Object.values(item)).filter((op): op is estypes.BulkResponseItem => op?.error !== undefined && op.status !== settled);
}
