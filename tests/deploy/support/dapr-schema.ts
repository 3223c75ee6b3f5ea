// JSON Schemas for the Dapr resources this repository ships (Component, Resiliency,
// Configuration), written from the Dapr 1.15 reference (resource specs, and each component's
// metadata table). Stricter than Dapr on purpose: metadata values are quoted strings, and a
// component may carry only the metadata fields its type documents, so a misspelt field (which Dapr
// would silently ignore) fails here.
import Ajv, { type ValidateFunction } from 'ajv';

const DURATION = '^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$';
const DNS_NAME = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const APP_ID = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';

type FieldType = 'string' | 'int' | 'number' | 'bool' | 'duration' | readonly string[];

interface ComponentType {
  versions: string[];
  required: string[];
  fields: Record<string, FieldType>;
  /** Fields that must be set together (all or none). */
  together?: string[][];
}

const PUBSUB_COMMON: Record<string, FieldType> = {
  consumerID: 'string',
  publishingScopes: 'string',
  subscriptionScopes: 'string',
  allowedTopics: 'string',
  protectedTopics: 'string',
};

/** The component types this repository may use, with their documented metadata fields. */
export const COMPONENT_TYPES: Record<string, ComponentType> = {
  'pubsub.redis': {
    versions: ['v1'],
    required: ['redisHost'],
    fields: {
      ...PUBSUB_COMMON,
      redisHost: 'string',
      redisPassword: 'string',
      redisUsername: 'string',
      enableTLS: 'bool',
      redisType: ['node', 'cluster'],
      redisDB: 'int',
      processingTimeout: 'duration',
      redeliverInterval: 'duration',
      queueDepth: 'int',
      concurrency: 'int',
      maxLenApprox: 'int',
    },
  },
  'pubsub.aws.snssqs': {
    versions: ['v1'],
    required: ['region', 'consumerID'],
    fields: {
      ...PUBSUB_COMMON,
      region: 'string',
      endpoint: 'string',
      accessKey: 'string',
      secretKey: 'string',
      sessionToken: 'string',
      messageVisibilityTimeout: 'int',
      messageRetryLimit: 'int',
      messageReceiveLimit: 'int',
      sqsDeadLettersQueueName: 'string',
      messageWaitTimeSeconds: 'int',
      messageMaxNumber: 'int',
      fifo: 'bool',
      fifoMessageGroupID: 'string',
      disableEntityManagement: 'bool',
      disableDeleteOnRetryLimit: 'bool',
      assetsManagementTimeoutSeconds: 'number',
      concurrencyMode: ['single', 'parallel'],
      accountID: 'string',
    },
    // The component refuses to start with only one of them.
    together: [['messageReceiveLimit', 'sqsDeadLettersQueueName']],
  },
  'state.postgresql': {
    versions: ['v2'],
    required: ['connectionString'],
    fields: {
      connectionString: 'string',
      timeout: 'duration',
      tablePrefix: 'string',
      metadataTableName: 'string',
      cleanupInterval: 'duration',
      maxConns: 'int',
      connectionMaxIdleTime: 'duration',
      queryExecMode: ['cache_statement', 'cache_describe', 'describe_exec', 'exec', 'simple_protocol'],
      actorStateStore: 'bool',
    },
  },
  'secretstores.aws.secretmanager': {
    versions: ['v1'],
    required: ['region'],
    fields: { region: 'string', endpoint: 'string', accessKey: 'string', secretKey: 'string', sessionToken: 'string' },
  },
};

function valueSchema(t: FieldType): object {
  if (Array.isArray(t)) return { type: 'string', enum: t };
  switch (t) {
    case 'int':
      return { type: 'string', pattern: '^-?[0-9]+$' };
    case 'number':
      return { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]+)?$' };
    case 'bool':
      return { type: 'string', enum: ['true', 'false'] };
    case 'duration':
      return { type: 'string', pattern: DURATION };
    default:
      return { type: 'string' };
  }
}

const metadataItem = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1 },
    value: { type: 'string' },
    secretKeyRef: {
      type: 'object',
      required: ['name', 'key'],
      additionalProperties: false,
      properties: { name: { type: 'string', minLength: 1 }, key: { type: 'string', minLength: 1 } },
    },
  },
  oneOf: [{ required: ['value'] }, { required: ['secretKeyRef'] }],
};

const objectMeta = (namePattern = DNS_NAME) => ({
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', pattern: namePattern, maxLength: 253 },
    namespace: { type: 'string', pattern: DNS_NAME },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
  },
});

const scopes = { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: APP_ID } };

const typeRules = Object.entries(COMPONENT_TYPES).map(([type, def]) => ({
  if: { properties: { spec: { properties: { type: { const: type } } } } },
  then: {
    properties: {
      spec: {
        properties: {
          version: { enum: def.versions },
          metadata: {
            allOf: [
              ...def.required.map((name) => ({ contains: { properties: { name: { const: name } } } })),
              ...(def.together ?? []).map((group) => ({
                anyOf: [
                  { allOf: group.map((name) => ({ contains: { properties: { name: { const: name } } } })) },
                  { not: { anyOf: group.map((name) => ({ contains: { properties: { name: { const: name } } } })) } },
                ],
              })),
            ],
            items: {
              properties: { name: { enum: Object.keys(def.fields) } },
              allOf: Object.entries(def.fields).map(([name, t]) => ({
                if: { properties: { name: { const: name } }, required: ['value'] },
                then: { properties: { value: valueSchema(t) } },
              })),
            },
          },
        },
      },
    },
  },
}));

export const componentSchema = {
  $id: 'dapr-component',
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  additionalProperties: false,
  properties: {
    apiVersion: { const: 'dapr.io/v1alpha1' },
    kind: { const: 'Component' },
    metadata: objectMeta(),
    spec: {
      type: 'object',
      required: ['type', 'version', 'metadata'],
      additionalProperties: false,
      properties: {
        type: { enum: Object.keys(COMPONENT_TYPES) },
        version: { type: 'string', pattern: '^v[0-9]+$' },
        ignoreErrors: { type: 'boolean' },
        initTimeout: { type: 'string', pattern: DURATION },
        metadata: { type: 'array', items: metadataItem },
      },
    },
    auth: {
      type: 'object',
      required: ['secretStore'],
      additionalProperties: false,
      properties: { secretStore: { type: 'string', pattern: DNS_NAME } },
    },
    scopes,
  },
  allOf: typeRules,
};

const policyRef = { type: 'string', minLength: 1 };
const targetPolicies = {
  type: 'object',
  additionalProperties: false,
  properties: {
    timeout: policyRef,
    retry: policyRef,
    circuitBreaker: policyRef,
    circuitBreakerScope: { enum: ['id', 'type', 'both'] },
    circuitBreakerCacheSize: { type: 'integer' },
  },
};

export const resiliencySchema = {
  $id: 'dapr-resiliency',
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  additionalProperties: false,
  properties: {
    apiVersion: { const: 'dapr.io/v1alpha1' },
    kind: { const: 'Resiliency' },
    metadata: objectMeta(),
    scopes,
    spec: {
      type: 'object',
      required: ['policies', 'targets'],
      additionalProperties: false,
      properties: {
        policies: {
          type: 'object',
          additionalProperties: false,
          properties: {
            timeouts: { type: 'object', additionalProperties: { type: 'string', pattern: DURATION } },
            retries: {
              type: 'object',
              additionalProperties: {
                type: 'object',
                required: ['policy'],
                additionalProperties: false,
                properties: {
                  policy: { enum: ['constant', 'exponential'] },
                  duration: { type: 'string', pattern: DURATION },
                  maxInterval: { type: 'string', pattern: DURATION },
                  maxRetries: { type: 'integer', minimum: -1 },
                  matching: {
                    type: 'object',
                    additionalProperties: false,
                    properties: {
                      httpStatusCodes: {
                        type: 'string',
                        pattern: '^[1-5][0-9]{2}(-[1-5][0-9]{2})?(,[1-5][0-9]{2}(-[1-5][0-9]{2})?)*$',
                      },
                      gRPCStatusCodes: {
                        type: 'string',
                        pattern: '^[0-9]{1,2}(-[0-9]{1,2})?(,[0-9]{1,2}(-[0-9]{1,2})?)*$',
                      },
                    },
                  },
                },
                allOf: [
                  {
                    if: { properties: { policy: { const: 'constant' } } },
                    then: { not: { required: ['maxInterval'] } },
                  },
                  {
                    if: { properties: { policy: { const: 'exponential' } } },
                    then: { not: { required: ['duration'] } },
                  },
                ],
              },
            },
            circuitBreakers: {
              type: 'object',
              additionalProperties: {
                type: 'object',
                required: ['trip'],
                additionalProperties: false,
                properties: {
                  maxRequests: { type: 'integer', minimum: 1 },
                  interval: { type: 'string', pattern: DURATION },
                  timeout: { type: 'string', pattern: DURATION },
                  trip: { type: 'string', pattern: '^consecutiveFailures\\s*(>|>=)\\s*[0-9]+$' },
                },
              },
            },
          },
        },
        targets: {
          type: 'object',
          additionalProperties: false,
          properties: {
            apps: { type: 'object', propertyNames: { pattern: APP_ID }, additionalProperties: targetPolicies },
            actors: { type: 'object', additionalProperties: targetPolicies },
            components: {
              type: 'object',
              propertyNames: { pattern: DNS_NAME },
              additionalProperties: {
                type: 'object',
                additionalProperties: false,
                properties: { inbound: targetPolicies, outbound: targetPolicies },
              },
            },
          },
        },
      },
    },
  },
};

export const configurationSchema = {
  $id: 'dapr-configuration',
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  additionalProperties: false,
  properties: {
    apiVersion: { const: 'dapr.io/v1alpha1' },
    kind: { const: 'Configuration' },
    metadata: objectMeta(),
    spec: {
      type: 'object',
      additionalProperties: false,
      properties: {
        tracing: {
          type: 'object',
          required: ['samplingRate'],
          additionalProperties: false,
          properties: {
            samplingRate: { type: 'string', pattern: '^(0(\\.[0-9]+)?|1(\\.0+)?)$' },
            stdout: { type: 'boolean' },
            zipkin: {
              type: 'object',
              required: ['endpointAddress'],
              additionalProperties: false,
              properties: { endpointAddress: { type: 'string', pattern: '^https?://' } },
            },
            otel: {
              type: 'object',
              required: ['endpointAddress'],
              additionalProperties: false,
              properties: {
                endpointAddress: { type: 'string', minLength: 1 },
                isSecure: { type: 'boolean' },
                protocol: { enum: ['http', 'grpc'] },
              },
            },
          },
          anyOf: [{ required: ['zipkin'] }, { required: ['otel'] }],
        },
        mtls: {
          type: 'object',
          required: ['enabled'],
          additionalProperties: false,
          properties: {
            enabled: { type: 'boolean' },
            workloadCertTTL: { type: 'string', pattern: DURATION },
            allowedClockSkew: { type: 'string', pattern: DURATION },
            sentryAddress: { type: 'string' },
            controlPlaneTrustDomain: { type: 'string' },
          },
        },
        metrics: { type: 'object', properties: { enabled: { type: 'boolean' } } },
        features: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'enabled'],
            properties: { name: { type: 'string' }, enabled: { type: 'boolean' } },
          },
        },
        accessControl: { type: 'object' },
        api: { type: 'object' },
        secrets: { type: 'object' },
        components: { type: 'object' },
        logging: { type: 'object' },
        httpPipeline: { type: 'object' },
        appHttpPipeline: { type: 'object' },
        nameResolution: { type: 'object' },
      },
    },
  },
};

// strictTypes off: the per-type if/then rules restate no `type` in every branch (the base schema does).
const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
const validators: Record<string, ValidateFunction> = {
  Component: ajv.compile(componentSchema),
  Resiliency: ajv.compile(resiliencySchema),
  Configuration: ajv.compile(configurationSchema),
};

export const DAPR_KINDS = Object.keys(validators);

/** Problems of one Dapr resource against its schema (empty when valid). */
export function validateDapr(object: unknown): string[] {
  const kind = (object as { kind?: string }).kind ?? '';
  const validate = validators[kind];
  if (!validate) return [`no Dapr schema for kind ${kind}`];
  if (validate(object)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`,
  );
}
