// Memory of loading a large CSV: 1 000 000 rows × 20 numeric columns, generated chunk by chunk
// (the text never exists whole, as with a file stream), fed to core/csv.ts's incremental reader
// with progress, then encoded to the training matrices by core/dataset.ts. Prints one JSON line:
// the float64 matrix size, the RSS growth at its peak (the kernel's maxRSS) and after each stage.
// Run with --expose-gc (bench/csv-memory.test.ts does) so the baseline is measured after a GC.
import { CsvReader } from '../core/csv';
import { encode, schemaFromRoles } from '../core/dataset';
import { Random } from '../core/random';
import type { ColumnRole } from '../core/types';

const rows = Number(process.argv[2] ?? 1_000_000);
const cols = 20;
const rowsPerChunk = 4096;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
const rss = () => process.memoryUsage().rss;
/** Peak resident set of this process so far, in bytes. */
const maxRss = () => process.resourceUsage().maxRSS * 1024;

gc();
const baseline = rss();
const random = new Random(1);
const header = Array.from({ length: cols }, (_, j) => `x${j + 1}`).join(',') + '\n';
let progressCalls = 0;
let lastBytes = 0;
const reader = new CsvReader('million.csv', {
  onProgress(bytes) {
    progressCalls++;
    lastBytes = bytes;
  },
});
reader.feed(header);
for (let start = 0; start < rows; start += rowsPerChunk) {
  let chunk = '';
  const end = Math.min(rows, start + rowsPerChunk);
  for (let r = start; r < end; r++) {
    let line = '';
    for (let j = 0; j < cols; j++) line += (j ? ',' : '') + (random.next() * 200 - 100).toFixed(3);
    chunk += line + '\n';
  }
  reader.feed(chunk);
}
const table = reader.finish();
gc();
const afterRead = rss() - baseline;
const roles: ColumnRole[] = table.columns.map((_, j) => (j === cols - 1 ? 'target' : 'input'));
const data = encode(table, schemaFromRoles(table, roles));
gc();
const afterEncode = rss() - baseline;
const matrixBytes = rows * cols * 8;
console.log(
  JSON.stringify({
    rows: table.rows,
    columns: table.columns.length,
    encodedRows: data.X.rows,
    encodedColumns: data.X.cols + data.Y.cols,
    progressCalls,
    bytesRead: lastBytes,
    matrixBytes,
    peakGrowthBytes: maxRss() - baseline,
    afterReadBytes: afterRead,
    afterEncodeBytes: afterEncode,
  }),
);
