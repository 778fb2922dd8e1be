export function toolHash(root: string): string;
