import { Ajv } from 'ajv';

/**
 * JSON Schemas of the GeoReport v2 documents, written from the spec (wiki.open311.org/GeoReport_v2): every field
 * the spec lists is required to be present (null where a value is optional), and nothing else may appear.
 */
const zoned = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$' };
const orNull = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });
const text = { type: 'string' };

export const discoverySchema = {
  type: 'object',
  required: ['changeset', 'contact', 'key_service', 'endpoints'],
  properties: {
    changeset: zoned,
    contact: text,
    key_service: text,
    endpoints: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['specification', 'url', 'changeset', 'type', 'formats'],
        additionalProperties: false,
        properties: {
          specification: { const: 'http://wiki.open311.org/GeoReport_v2' },
          url: { type: 'string', pattern: '^https?://' },
          changeset: zoned,
          type: { enum: ['production', 'test'] },
          formats: {
            type: 'array',
            items: { enum: ['text/xml', 'application/json'] },
            contains: { const: 'text/xml' },
          },
        },
      },
    },
  },
};

export const servicesSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'],
    additionalProperties: false,
    properties: {
      service_code: { type: 'string', minLength: 1 },
      service_name: text,
      description: text,
      metadata: { type: 'boolean' },
      type: { enum: ['realtime', 'batch', 'blackbox'] },
      keywords: text,
      group: text,
    },
  },
};

export const serviceDefinitionSchema = {
  type: 'object',
  required: ['service_code', 'attributes'],
  additionalProperties: false,
  properties: {
    service_code: { type: 'string', minLength: 1 },
    attributes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description'],
        properties: {
          variable: { type: 'boolean' },
          code: { type: 'string', minLength: 1 },
          datatype: { enum: ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] },
          required: { type: 'boolean' },
          datatype_description: text,
          order: { type: 'integer', minimum: 1 },
          description: text,
          values: {
            type: 'array',
            items: { type: 'object', required: ['key', 'name'], properties: { key: text, name: text } },
          },
        },
      },
    },
  },
};

export const postResponseSchema = {
  type: 'array',
  minItems: 1,
  maxItems: 1,
  items: {
    type: 'object',
    required: ['service_request_id', 'service_notice', 'account_id'],
    additionalProperties: false,
    properties: {
      service_request_id: { type: 'string', minLength: 1 },
      service_notice: orNull(text),
      account_id: orNull(text),
    },
  },
};

export const serviceRequestsSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: [
      'service_request_id',
      'status',
      'status_notes',
      'service_name',
      'service_code',
      'description',
      'agency_responsible',
      'service_notice',
      'requested_datetime',
      'updated_datetime',
      'expected_datetime',
      'address',
      'address_id',
      'zipcode',
      'lat',
      'long',
      'media_url',
    ],
    additionalProperties: false,
    properties: {
      service_request_id: { type: 'string', minLength: 1 },
      status: { enum: ['open', 'closed'] },
      status_notes: orNull(text),
      service_name: orNull(text),
      service_code: orNull(text),
      description: orNull(text),
      agency_responsible: orNull(text),
      service_notice: orNull(text),
      requested_datetime: zoned,
      updated_datetime: orNull(zoned),
      expected_datetime: orNull(zoned),
      address: orNull(text),
      address_id: orNull(text),
      zipcode: orNull(text),
      lat: orNull({ type: 'number', minimum: -90, maximum: 90 }),
      long: orNull({ type: 'number', minimum: -180, maximum: 180 }),
      media_url: orNull(text),
    },
  },
};

export const tokenSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['service_request_id', 'token'],
    properties: { service_request_id: text, token: text },
  },
};

export const errorsSchema = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    required: ['code', 'description'],
    additionalProperties: false,
    properties: { code: { type: 'integer' }, description: { type: 'string', minLength: 1 } },
  },
};

const ajv = new Ajv({ allErrors: true, strict: true });

/** Validate `data` against `schema`; the errors as text, or undefined when valid. */
export function schemaErrors(schema: object, data: unknown): string | undefined {
  const validate = ajv.compile(schema);
  return validate(data) ? undefined : ajv.errorsText(validate.errors);
}
