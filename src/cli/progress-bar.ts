import { terminalText } from './terminal-text';

/** A one-line progress bar for stderr: redrawn in place, ended with a newline when done. */
export function progressBar(
  write: (text: string) => void,
  label: string,
): (done: number, total: number) => void {
  return (done, total) => {
    const width = 30;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    // \r is the bar's own redraw; the label may name something from the input.
    write(
      `\r${terminalText(label)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`,
    );
    if (done >= total) {
      write('\n');
    }
  };
}
