/**
 * Runs `batch` (which works on at most `size` rows and answers how many it did) until one comes
 * back short, so a large backlog goes in short transactions; answers the total.
 */
export async function inBatches(size: number, batch: () => Promise<number>): Promise<number> {
  let total = 0;
  let done: number;
  do {
    done = await batch();
    total += done;
  } while (done === size);
  return total;
}
