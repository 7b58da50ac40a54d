import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { invalidInput, type FieldError } from './problem-details.js';

/** Keys that reach an object's prototype once copied or spread; no DTO has them, so they are never data. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Refuses, before validation, what class-validator lets through: text with a NUL character or
 * malformed UTF-16 (lone surrogates), which PostgreSQL rejects deep inside a command (a 500 after
 * the work was done), and prototype keys, which `forbidNonWhitelisted` does not see.
 */
@Injectable()
export class WellFormedInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const errors = problemsIn(value, metadata.data ?? '');
    if (errors.length > 0) throw invalidInput(errors);
    return value;
  }
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** No request body nests this deep; refusing it also spares the validator a deep recursion. */
const MAX_DEPTH = 16;

export function problemsIn(value: unknown, field: string, depth = 0): FieldError[] {
  const name = field || 'body';
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return [{ field: name, message: `${name} must not contain the NUL character` }];
    if (LONE_SURROGATE.test(value)) return [{ field: name, message: `${name} must be well-formed Unicode text` }];
    return [];
  }
  if (value === null || typeof value !== 'object') return [];
  if (depth >= MAX_DEPTH) return [{ field: name, message: `${name} is nested too deeply` }];
  return Object.keys(value).flatMap((key): FieldError[] => {
    const path = Array.isArray(value) ? `${field}[${key}]` : field ? `${field}.${key}` : key;
    if (PROTOTYPE_KEYS.has(key)) return [{ field: path, message: `property ${key} should not exist` }];
    const badKey = problemsIn(key, path, depth + 1);
    return badKey.length > 0 ? badKey : problemsIn((value as Record<string, unknown>)[key], path, depth + 1);
  });
}
