// The staff API's request validator is the shared one (core/http-validation.ts); re-exported here
// for the pages, which the architecture lets use the staff API's validator.
export { zodValidatorCompiler } from '../core/http-validation.js';
