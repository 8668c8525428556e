package store

// DeskStore is filled in by its area's work in progress.
type DeskStore interface{}
