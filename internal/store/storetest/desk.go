package storetest

// deskCases are filled in by their area's work in progress.
var deskCases []suiteCase
