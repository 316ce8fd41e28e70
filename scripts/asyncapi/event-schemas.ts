import path from 'node:path';
import ts from 'typescript';
import { Context, createFormatter, createParser, DEFAULT_CONFIG, SchemaGenerator, type CompletedConfig, type Definition } from 'ts-json-schema-generator';

const ROOT = path.resolve(__dirname, '../..');
const SOCKET_TYPES = path.join(ROOT, 'libs/contracts/src/socket.ts');
const HANDSHAKE_TYPES = path.join(__dirname, 'handshake-types.ts');

/** One event of the socket contract: its name on the wire, its doc comment, and JSON Schemas of what it carries. */
export interface EventSchema {
  name: string;
  description?: string;
  payload: Definition;
  /** Client → server events only: what the ack callback is called with. */
  ack?: Definition;
}

export interface SocketSchemas {
  clientEvents: EventSchema[];
  serverEvents: EventSchema[];
  handshake: { auth: Definition; refusal: Definition };
  /** The named types the schemas above refer to (`#/components/schemas/<name>`). */
  namedSchemas: Record<string, Definition>;
}

// Strict objects: the document says exactly what v1 carries, so the integration spec catches a
// field the server sends that no type declares. Clients still ignore fields they do not know.
const CONFIG: CompletedConfig = { ...DEFAULT_CONFIG, expose: 'export', jsDoc: 'extended', additionalProperties: false, skipTypeCheck: true, sortProps: true };

/** Generates the schema of one type node with ts-json-schema-generator, collecting the named types it refers to. */
class TypeNodeSchemas extends SchemaGenerator {
  readonly definitions: Record<string, Definition> = {};

  of(node: ts.Node): Definition {
    const type = this.nodeParser.createType(node, new Context());
    this.appendRootChildDefinitions(type, this.definitions);
    return this.typeFormatter.getDefinition(type);
  }
}

/**
 * Reads the event maps of @chat/contracts (`ClientToServerEvents`, `ServerToClientEvents`) member
 * by member: each member is a function type whose first parameter is the payload and, for client
 * events, whose second is the ack callback. Nothing is listed by hand, so a new event or a changed
 * payload shows up in the next generated document.
 */
export function socketSchemas(): SocketSchemas {
  const program = ts.createProgram([SOCKET_TYPES, HANDSHAKE_TYPES], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const schemas = new TypeNodeSchemas(program, createParser(program, CONFIG), createFormatter(CONFIG), CONFIG);
  const events = (name: string): EventSchema[] =>
    interfaceNamed(program, SOCKET_TYPES, name).members.map((member) => {
      if (!ts.isPropertySignature(member) || !member.type || !ts.isFunctionTypeNode(member.type)) throw new Error(`${name}: every member must be an event handler type (${member.getText()})`);
      const [payload, ack] = member.type.parameters;
      const ackArgument = ack?.type && ts.isFunctionTypeNode(ack.type) ? ack.type.parameters[0]?.type : undefined;
      if (!payload?.type || (ack && !ackArgument)) throw new Error(`${name}: ${member.getText()} needs a typed payload and, if it has an ack, a typed ack argument`);
      return {
        name: ts.isStringLiteral(member.name) || ts.isIdentifier(member.name) ? member.name.text : member.name.getText(),
        description: docOf(checker, member) || undefined,
        payload: schemas.of(payload.type),
        ...(ackArgument ? { ack: schemas.of(ackArgument) } : {}),
      };
    });
  const clientEvents = events('ClientToServerEvents');
  const serverEvents = events('ServerToClientEvents');
  const handshake = {
    auth: schemas.of(interfaceNamed(program, SOCKET_TYPES, 'SocketAuth')),
    refusal: schemas.of(interfaceNamed(program, HANDSHAKE_TYPES, 'HandshakeRefusal')),
  };
  return withNamedSchemas({ clientEvents, serverEvents, handshake }, schemas.definitions);
}

function interfaceNamed(program: ts.Program, file: string, name: string): ts.InterfaceDeclaration {
  const found = program.getSourceFile(file)?.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name);
  if (!found) throw new Error(`interface ${name} is not declared in ${path.relative(ROOT, file)}`);
  return found;
}

function docOf(checker: ts.TypeChecker, member: ts.PropertySignature): string {
  const symbol = checker.getSymbolAtLocation(member.name);
  return symbol ? ts.displayPartsToString(symbol.getDocumentationComment(checker)).replace(/\s+/g, ' ').trim() : '';
}

/**
 * The generator names anonymous and generic types after their position in the source
 * (`Ack<structure-1717341552-…>`): those are inlined where they are used. Named types keep their
 * name and move to `#/components/schemas`, where AsyncAPI keeps reusable schemas.
 */
function withNamedSchemas(found: Omit<SocketSchemas, 'namedSchemas'>, definitions: Record<string, Definition>): SocketSchemas {
  const named = (name: string) => /^[A-Za-z][A-Za-z0-9_]*$/.test(name);
  const resolve = (schema: unknown): unknown => {
    if (Array.isArray(schema)) return schema.map(resolve);
    if (!schema || typeof schema !== 'object') return schema;
    const { $ref, ...rest } = schema as Record<string, unknown>;
    const siblings = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, resolve(value)]));
    if (typeof $ref !== 'string') return siblings;
    const name = decodeURIComponent($ref.replace(/^#\/definitions\//, ''));
    if (named(name)) return { $ref: `#/components/schemas/${name}`, ...siblings };
    if (!definitions[name]) throw new Error(`unresolved schema reference ${$ref}`);
    return { ...(resolve(definitions[name]) as object), ...siblings };
  };
  const event = (e: EventSchema): EventSchema => ({ ...e, payload: resolve(e.payload) as Definition, ...(e.ack ? { ack: resolve(e.ack) as Definition } : {}) });
  const namedSchemas = Object.fromEntries(
    Object.keys(definitions)
      .filter(named)
      .sort()
      .map((name) => [name, resolve(definitions[name]) as Definition]),
  );
  return {
    clientEvents: found.clientEvents.map(event),
    serverEvents: found.serverEvents.map(event),
    handshake: { auth: resolve(found.handshake.auth) as Definition, refusal: resolve(found.handshake.refusal) as Definition },
    namedSchemas,
  };
}
