package storetest

// accountCases are filled in by their area's work in progress.
var accountCases []suiteCase
