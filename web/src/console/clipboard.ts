/** Puts text on the clipboard; false where the browser refuses (the console then shows the
 * text to copy by hand). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
