// Compiled process definitions by key. Compiling parses and serializes the XML; every run of every
// instance of a version shares the result.
import type { Knex } from 'knex';

import { definitionByKey } from './definition.repository';
import { compileProcess } from './process-model';
import type { ProcessModel } from './process-model';

export class ModelCache {
  private readonly models = new Map<string, Promise<ProcessModel>>();

  constructor(private readonly knex: Knex) {}

  remember(definitionKey: string, model: ProcessModel): void {
    this.models.set(definitionKey, Promise.resolve(model));
  }

  /** `db`: the caller's transaction, if it has one (a step must not wait for a second connection). */
  get(definitionKey: string, db: Knex = this.knex): Promise<ProcessModel> {
    let model = this.models.get(definitionKey);
    if (!model) {
      model = this.load(definitionKey, db);
      this.models.set(definitionKey, model);
      model.catch(() => this.models.delete(definitionKey));
    }
    return model;
  }

  private async load(definitionKey: string, db: Knex): Promise<ProcessModel> {
    const row = await definitionByKey(db, definitionKey);
    if (!row) throw new Error(`process definition ${definitionKey} is not in the database`);
    return compileProcess({ name: row.resource_name, xml: row.xml });
  }
}
