/**
 * JSON Schemas of the GeoReport v2 responses, written from the specification's field tables
 * (http://wiki.open311.org/GeoReport_v2, and the Open311 project's own definitions in
 * open311.github.io data/georeport_v2-1.yaml). The specification publishes no JSON Schema file of
 * its own, so these are as strict as its text: required fields, enums, W3C date-times with a zone,
 * and no member the specification does not name (`additionalProperties: false`).
 */
const W3C = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$';
const datetime = { type: 'string', pattern: W3C };
const text = { type: 'string' };

export const discoverySchema = {
  type: 'object', additionalProperties: false, required: ['changeset', 'contact', 'key_service', 'endpoints'],
  properties: {
    changeset: datetime, contact: text, key_service: text,
    endpoints: { type: 'array', minItems: 1, items: {
      type: 'object', additionalProperties: false, required: ['specification', 'url', 'changeset', 'type', 'formats'],
      properties: { specification: { const: 'http://wiki.open311.org/GeoReport_v2' }, url: { type: 'string', pattern: '^https?://' }, changeset: datetime, type: { enum: ['production', 'test'] }, formats: { type: 'array', items: { enum: ['text/xml', 'application/json'] } } },
    } },
  },
};

export const servicesSchema = {
  type: 'array', minItems: 1, items: {
    type: 'object', additionalProperties: false, required: ['service_code', 'service_name', 'metadata', 'type'],
    properties: { service_code: text, service_name: text, description: text, metadata: { type: 'boolean' }, type: { enum: ['realtime', 'batch', 'blackbox'] }, keywords: text, group: text },
  },
};

export const serviceDefinitionSchema = {
  type: 'object', additionalProperties: false, required: ['service_code', 'attributes'],
  properties: {
    service_code: text,
    attributes: { type: 'array', items: {
      type: 'object', additionalProperties: false, required: ['variable', 'code', 'datatype', 'required', 'order'],
      properties: {
        variable: { type: 'boolean' }, code: text, datatype: { enum: ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] },
        required: { type: 'boolean' }, datatype_description: { type: ['string', 'null'] }, order: { type: 'integer', minimum: 1 }, description: text,
        values: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['key', 'name'], properties: { key: {}, name: text } } },
      },
    } },
  },
};

export const postResponseSchema = {
  type: 'array', minItems: 1, items: {
    type: 'object', additionalProperties: false,
    properties: { service_request_id: text, token: text, service_notice: { type: ['string', 'null'] }, account_id: { type: ['string', 'null'] } },
    // Exactly one of the two (the specification: "should not be returned if … is returned").
    oneOf: [{ required: ['service_request_id'], not: { required: ['token'] } }, { required: ['token'], not: { required: ['service_request_id'] } }],
  },
};

export const tokenResponseSchema = {
  type: 'array', items: { type: 'object', additionalProperties: false, required: ['service_request_id', 'token'], properties: { service_request_id: text, token: text } },
};

export const requestsSchema = {
  type: 'array', items: {
    type: 'object', additionalProperties: false, required: ['service_request_id', 'status', 'service_code', 'requested_datetime'],
    properties: {
      service_request_id: text, status: { enum: ['open', 'closed'] }, status_notes: { type: ['string', 'null'] }, service_name: text, service_code: text,
      description: { type: ['string', 'null'] }, agency_responsible: { type: ['string', 'null'] }, service_notice: { type: ['string', 'null'] },
      requested_datetime: datetime, updated_datetime: datetime, expected_datetime: datetime,
      address: { type: ['string', 'null'] }, address_id: { type: ['string', 'null'] }, zipcode: { type: ['string', 'null'] },
      lat: { type: ['number', 'null'] }, long: { type: ['number', 'null'] }, media_url: { type: ['string', 'null'] },
    },
  },
};

export const errorsSchema = {
  type: 'array', minItems: 1, items: { type: 'object', additionalProperties: false, required: ['code', 'description'], properties: { code: { type: 'integer' }, description: { type: 'string', minLength: 1 } } },
};

/** The XML element names each response may use (the specification's examples), by root element. */
export const XML_ELEMENTS: Record<string, readonly string[]> = {
  discovery: ['changeset', 'contact', 'key_service', 'endpoints', 'endpoint', 'specification', 'url', 'type', 'formats', 'format'],
  services: ['service', 'service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'],
  service_definition: ['service_code', 'attributes', 'attribute', 'variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description', 'values', 'value', 'key', 'name'],
  service_requests: ['request', 'service_request_id', 'token', 'service_notice', 'account_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url'],
  errors: ['error', 'code', 'description'],
};
