import type { BrowserContext, Page } from 'playwright-core';

export declare const CHROMIUM: string;
export declare function chromiumMissing(): false | string;
export interface LaunchedBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}
export declare function launchBrowser(options?: { viewport?: { width: number; height: number } }): Promise<LaunchedBrowser>;
