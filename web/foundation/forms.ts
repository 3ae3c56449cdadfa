// What a page reads from a request (form body, query string, route parameters), declared as zod
// schemas so handlers are typed from them (fastify-type-provider-zod). Pages are forgiving: each
// field is optional text and the page itself says what is missing or wrong (error summary, the
// form kept as typed). Only a request no form can send — a list where one value belongs, a NUL
// character — is refused by the validator (the staff API's, admin-api/validation.ts) with 400
// and the message page. Sections set that validator on their scope: `app.setValidatorCompiler`.
import { z } from 'zod';

export { zodValidatorCompiler } from '../../admin-api/validation.js';

/** One text field; absent is fine. */
export const field = z.string().optional();

/** A form body or query string: the fields the route reads; other fields (the CSRF token, unknown
 *  ones) pass untouched, and a request without a body reads as an empty form. */
export const fields = <S extends z.core.$ZodLooseShape>(shape: S) => z.preprocess((v) => v ?? {}, z.looseObject(shape));

