package store

// AccountStore is filled in by its area's work in progress.
type AccountStore interface{}
