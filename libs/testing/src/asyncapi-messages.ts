import Ajv, { type ValidateFunction } from 'ajv';

interface AsyncApiDocument {
  components: { schemas: Record<string, object>; messages: Record<string, { payload: object }> };
}

/**
 * Checks values against the message payloads of an AsyncAPI document (the one an app serves at
 * /docs/asyncapi.json). The document's named schemas are handed to ajv as the definitions of one
 * schema, so `#/components/schemas/X` references resolve and every payload compiles in strict mode.
 */
export class AsyncApiMessages {
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(document: AsyncApiDocument) {
    const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
    const asDefinitions = (schema: object) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"asyncapi#/definitions/'));
    ajv.addSchema({ $id: 'asyncapi', definitions: asDefinitions(document.components.schemas) });
    for (const [id, message] of Object.entries(document.components.messages)) this.validators.set(id, ajv.compile(asDefinitions(message.payload)));
  }

  /** Why `value` is not a payload of message `id` (`components.messages.<id>`), one line per problem; [] when it is. */
  problems(id: string, value: unknown): string[] {
    const validate = this.validators.get(id);
    if (!validate) throw new Error(`The AsyncAPI document has no message ${id}`);
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${id}${e.instancePath || ''}: ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
  }
}
