package model

// ReaderItem is an article as one account's reading app sees it: the
// article (its content only when asked for) with the account's state.
type ReaderItem struct {
	Article Article
	// CategoryID is the article's section (0: none); reading apps get
	// sections as labels or groups.
	CategoryID int64
	Read       bool
	Starred    bool
}
