package ledger.projection;

import ledger.readmodel.ViewReset;
import ledger.readmodel.ViewWriter;

/** One view generation's writer, and the reset that forgets its views of another database. */
record GenerationViews(long number, ViewWriter writer, ViewReset reset) {
}
