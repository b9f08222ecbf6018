import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ServiceDeps } from '../../services/deps.ts';
import { importResidents } from '../../services/importResidents.ts';
import { principalOf } from '../principalHook.ts';
import { errorResponses, errorSchema } from '../schemas.ts';
import { importCsvBody, importQuery, importResponse } from '../wire/imports.ts';

/** A rent roll of thousands of residents fits easily; anything larger is refused with 413 before it is read. */
export const IMPORT_BODY_LIMIT = 10 * 1024 * 1024;

export const importRoutes =
  (deps: ServiceDeps): FastifyPluginAsyncZod =>
  async (app) => {
    // Only this plugin's scope reads text/csv bodies.
    app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) =>
      done(null, body),
    );

    app.post(
      '/imports/residents',
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags: ['residents'],
          summary: 'Import residents from a property-management export (CSV; managers and API keys)',
          description: [
            "Send the file as `Content-Type: text/csv`. Each line is planned against the community: **create** (an unknown email: a new resident of the unit, without a password, with their Home and Community cards), **update** (a known resident whose name, phone, unit or lease dates differ; another unit is a move: the old lease ends the day before the new one starts), **move_out** (the lease end has passed and the resident still lives here: their codes and their guests' codes are revoked), or **unchanged**. Re-importing the same file changes nothing.",
            'Residents absent from the file are left alone. Units the file names that the community lacks are created (`summary.unitsCreated`). An email that belongs to someone who is not a resident of this community is refused (`email_in_use`); a lease that ended for an email nobody here has is refused (`lease_ended`).',
            '`dryRun=true` (the default) answers with the plan and writes nothing. `dryRun=false` applies every line in one transaction — or nothing at all when any line has an error: then `applied` is false, `summary` counts what would have been done and `errors` lists each problem by CSV line (header = line 1) with a stable code.',
            'An empty body, a file that is not CSV or a first line naming no known column → 400 `invalid_request`; a body over 10 MB → 413 `payload_too_large`.',
          ].join('\n\n'),
          consumes: ['text/csv'],
          querystring: importQuery,
          body: importCsvBody,
          response: { 200: importResponse, ...errorResponses, 413: errorSchema },
        },
      },
      async (request) => {
        const result = await importResidents(deps, principalOf(request), {
          csv: request.body,
          dryRun: request.query.dryRun === 'true',
          invite: request.query.invite === 'true',
        });
        return { summary: result.summary, rows: result.rows, errors: result.errors, applied: result.applied };
      },
    );
  };
