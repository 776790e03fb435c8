// How @rjsf must be set up for these forms (the portal passes these props to its <Form>). Plain
// data: this package does not depend on React.

/**
 * - `constAsDefaults: 'skipOneOf'`: by default @rjsf pre-selects the first choice of a `oneOf` list
 *   (a return visit would start rated 满意, a review 同意); with this it leaves choices empty.
 * - `emptyObjectFields: 'populateRequiredDefaults'`: an optional group (Hangzhou's 建议转交单位)
 *   is not created empty, which would make its required fields fail.
 * - `omitExtraData` + `liveOmit`: fields of a branch the user left (a direct answer typed, then
 *   "redirect" chosen) are dropped, since validateSubmission refuses fields the form does not have.
 */
export const RJSF_FORM_PROPS = {
  experimental_defaultFormStateBehavior: {
    constAsDefaults: 'skipOneOf',
    emptyObjectFields: 'populateRequiredDefaults',
  },
  omitExtraData: true,
  liveOmit: true,
} as const;
