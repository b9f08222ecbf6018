/**
 * Runs once before any test file: finds (or unpacks) the browser for the e2e tests, so that two test files
 * starting together never unpack it at the same time, and hands its path to every worker.
 */
import type { TestProject } from 'vitest/node';
import { type BrowserBinary, resolveBrowserBinary } from './e2e/browserBinary.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    browserBinary: BrowserBinary;
  }
}

export default async function setup(project: TestProject) {
  project.provide('browserBinary', await resolveBrowserBinary());
}
