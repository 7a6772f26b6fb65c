export declare const EVERY_RESPONSE_HEADERS: readonly { key: string; value: string }[];
