/**
 * What Elasticsearch clients ask before they send: the product and version (`GET /`; Logstash, Beats, Vector
 * and the official clients check `version.number` and the `X-Elastic-Product` header), the license (Logstash
 * and Beats refuse a cluster without an active one), cluster health (Fluent Bit and monitoring probes).
 * We answer as an 8.11 cluster of one node, the version whose bulk API this subset follows.
 */

export const ES_VERSION = '8.11.0';
export const PRODUCT_HEADER = { 'X-Elastic-Product': 'Elasticsearch' } as const;
const CLUSTER = 'devsmith';

export function rootInfo(name: string) {
  return {
    name,
    cluster_name: CLUSTER,
    cluster_uuid: 'devsmith-logs-elasticsearch-api',
    version: {
      number: ES_VERSION,
      build_flavor: 'default',
      build_type: 'devsmith',
      build_hash: 'devsmith',
      build_date: '2023-11-04T10:04:57.184859352Z',
      build_snapshot: false,
      lucene_version: '9.8.0',
      minimum_wire_compatibility_version: '7.17.0',
      minimum_index_compatibility_version: '7.0.0',
    },
    tagline: 'You Know, for Search',
  };
}

export function clusterHealth() {
  return {
    cluster_name: CLUSTER,
    status: 'green',
    timed_out: false,
    number_of_nodes: 1,
    number_of_data_nodes: 1,
    active_primary_shards: 0,
    active_shards: 0,
    relocating_shards: 0,
    initializing_shards: 0,
    unassigned_shards: 0,
    delayed_unassigned_shards: 0,
    number_of_pending_tasks: 0,
    number_of_in_flight_fetch: 0,
    task_max_waiting_in_queue_millis: 0,
    active_shards_percent_as_number: 100,
  };
}

const LICENSE = { status: 'active', uid: 'devsmith', type: 'basic', issue_date_in_millis: 0, max_nodes: 1000, issued_to: CLUSTER, issuer: 'elasticsearch', start_date_in_millis: -1 };

export function license() {
  return { license: LICENSE };
}

export function xpackInfo() {
  return {
    build: { hash: 'devsmith', date: '2023-11-04T10:04:57.184859352Z' },
    license: { uid: LICENSE.uid, type: LICENSE.type, mode: LICENSE.type, status: LICENSE.status },
    features: {},
    tagline: 'You know, for X',
  };
}
