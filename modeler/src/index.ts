// @hotline/modeler: the browser modeler (built with Vite into dist/, see README.md). Other packages
// may import the typed client of the pack API. The checks it runs on a pack (process lint, pack diff,
// roll-out checklist) live in @hotline/pack-review, which the server imports too.
export { createApiClient, ApiError, encodePackPath, issueFromWhere } from './api';
export type { HotlineApi, PackVersion, PackStatus, SignedInUser, ApiClientOptions } from './api';
