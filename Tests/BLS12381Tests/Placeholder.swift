// Placeholder from the accounts branch: the skeleton lists BLS12381Tests but has no sources, and
// SwiftPM refuses an empty target. Delete when the BLS tests land.
