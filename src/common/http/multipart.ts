import multipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error.js';
import { RequestValidationError } from '../validation/request-validation.error.js';
import { cleanTextInput } from '../validation/text-input.js';
import { cleanHeaderText } from './header-text.js';

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
/** After a refused upload the rest of the body is read and dropped (so the client sees our answer), up to this. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

export interface UploadedFile {
  data: Buffer;
  /** As the client sent them: for logs at most, never for decisions or paths. */
  clientFileName: string;
  declaredType: string;
}

export interface SingleFileUpload {
  fields: Record<string, string>;
  file: UploadedFile | undefined;
}

export async function registerMultipart(app: NestFastifyApplication): Promise<void> {
  await app.register(multipart, {
    throwFileSizeLimit: true,
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, fieldSize: 1024, parts: 12, headerPairs: 50 },
  });
}

/**
 * Reads a multipart body holding one file part named `fileField` and some small text fields. The file is
 * held in memory: the size cap stops reading at MAX_UPLOAD_BYTES, so nothing larger is ever buffered.
 */
export async function readSingleFileUpload(
  request: FastifyRequest,
  fileField: string,
): Promise<SingleFileUpload> {
  if (!request.isMultipart()) {
    throw new DomainError(
      'MULTIPART_REQUIRED',
      `Send the upload as multipart/form-data with the file in a part named "${fileField}".`,
    );
  }
  const fields: Record<string, string> = {};
  let file: UploadedFile | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        fields[part.fieldname] = String(part.value);
      } else if (part.fieldname !== fileField) {
        part.file.resume();
        throw new RequestValidationError([
          { field: part.fieldname, message: `is not expected; send the file as "${fileField}"` },
        ]);
      } else {
        file = {
          data: await part.toBuffer(),
          clientFileName: cleanHeaderText(part.filename, 255) ?? '',
          declaredType: cleanHeaderText(part.mimetype, 100) ?? '',
        };
      }
    }
  } catch (error) {
    drainRequest(request);
    throw translateMultipartError(error);
  }
  // The text-input rule of every other body (common/http/text-input.hook.ts), for the form fields.
  const { errors } = cleanTextInput(fields, 'body');
  if (errors.length > 0) throw new RequestValidationError(errors);
  return { fields, file };
}

function translateMultipartError(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    return new DomainError(
      'FILE_TOO_LARGE',
      `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB. Scan at a lower resolution or compress it.`,
      { maxBytes: MAX_UPLOAD_BYTES },
    );
  }
  if (code === 'FST_FILES_LIMIT') {
    return new RequestValidationError([{ field: 'file', message: 'send exactly one file per upload' }]);
  }
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_PROTO_VIOLATION') {
    return new RequestValidationError([{ field: 'body', message: 'has too many or malformed form fields' }]);
  }
  return error;
}

function drainRequest(request: FastifyRequest): void {
  const raw = request.raw;
  if (raw.readableEnded) return;
  let drained = 0;
  raw.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > MAX_DRAIN_BYTES) raw.destroy();
  });
  raw.resume();
}
