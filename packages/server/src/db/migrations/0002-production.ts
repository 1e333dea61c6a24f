/** production module additions to the schema (empty until the module needs one). */
export const productionSchema = `
`;
