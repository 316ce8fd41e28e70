/** Where an upload's preview is stored, beside its original (ImagePreviewer makes WebP). */
export const previewKeyOf = (storageKey: string): string => `${storageKey}.preview.webp`;
