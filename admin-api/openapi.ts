// The OpenAPI documents (the staff API's and the citizens' booking API's) are written from the
// routes: request parts are zod schemas, which fastify-type-provider-zod's jsonSchemaTransform
// turns into JSON schema; answers are JSON schemas already and go into the document as they are.
import type { SwaggerTransform } from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

export const openApiTransform: SwaggerTransform = (doc) => {
  const { response, ...request } = doc.schema ?? {};
  const out = jsonSchemaTransform({ ...doc, schema: request });
  if (response === undefined || (out.schema as { hide?: boolean } | undefined)?.hide) return out;
  return { ...out, schema: { ...out.schema, response } };
};
