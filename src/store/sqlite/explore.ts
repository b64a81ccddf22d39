/** The explorer's reads (facets, context fields) and saved views on SQLite, on top of the log reads. */
import type { ExploreStore, FacetField, NewSavedView, SavedViewPatch } from '../explore-types.js';
import type { LogFilter } from '../types.js';
import * as facets from './facets.js';
import { SqliteLogReads } from './log-reads.js';
import * as views from './saved-views.js';

export class SqliteExplore extends SqliteLogReads implements ExploreStore {
  async facetCounts(f: LogFilter) {
    return facets.facetCounts(this.db, f, this.watermark());
  }

  async topValues(f: LogFilter, field: FacetField, limit: number, sampleSize: number) {
    return facets.topValues(this.db, f, field, limit, sampleSize, this.watermark());
  }

  async contextFields(f: LogFilter, sampleSize: number, maxDepth: number, limit: number) {
    return facets.contextFields(this.db, f, sampleSize, maxDepth, limit, this.watermark());
  }

  async listViews(userId: number) {
    return views.listViews(this.db, userId);
  }

  async getView(userId: number, id: number) {
    return views.getView(this.db, userId, id);
  }

  async createView(v: NewSavedView, maxPerUser: number) {
    return views.createView(this.db, v, maxPerUser);
  }

  async updateView(userId: number, id: number, patch: SavedViewPatch) {
    return views.updateView(this.db, userId, id, patch);
  }

  async deleteView(userId: number, id: number) {
    return views.deleteView(this.db, userId, id);
  }
}
