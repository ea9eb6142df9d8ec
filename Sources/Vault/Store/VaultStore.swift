/// Where rows live: DynamoDB (AWS) or SQLite (embedded default).
///
/// Every write is all-or-nothing: a failed call leaves the table as it was.
package protocol VaultStore: Sendable {
    /// Inserts new rows, all or none.
    ///
    /// - Throws: ``VaultError/Code/alreadyExists`` when a public key is already in the table
    ///   (or twice in `rows`); ``VaultError/Code/storage`` or ``VaultError/Code/aws`` otherwise.
    func insert(_ rows: [KeyRow]) async throws(VaultError)
    /// The row of `pubkey`, or `nil`.
    func row(pubkey: String) async throws(VaultError) -> KeyRow?
    /// Every row assigned to `signer`, active or not, across every page.
    func rows(signer: String) async throws(VaultError) -> [KeyRow]
    /// Every row, across every page.
    func allRows() async throws(VaultError) -> [KeyRow]
    /// Moves `row` to `signer` (the partition key changes: delete and put in one transaction),
    /// provided it is unchanged since read.
    func reassign(_ row: KeyRow, to signer: String) async throws(VaultError)
    /// Sets `active` on the row of `pubkey`, provided it is still under `signer`.
    func setActive(_ active: Bool, pubkey: String, signer: String) async throws(VaultError)
    /// Deletes the row of `pubkey`, provided it is still under `signer`.
    ///
    /// - Throws: ``VaultError/Code/conflict`` when no row of `pubkey` is under `signer` (nothing
    ///   was deleted); ``VaultError/Code/storage`` or ``VaultError/Code/aws`` otherwise.
    func delete(pubkey: String, signer: String) async throws(VaultError)
}
