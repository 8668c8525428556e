package cluster

// stopwords are folded English function words and reporting verbs: words
// every article uses whatever it is about. They would only add noise to the
// similarity of two articles, and the inverse document frequency would
// weigh them near zero anyway; dropping them early saves the work.
var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{
		"a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and",
		"any", "are", "as", "at", "be", "because", "been", "before", "being", "below",
		"between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down",
		"during", "each", "few", "for", "from", "further", "had", "has", "have", "having",
		"he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if",
		"in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my",
		"myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or",
		"other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should",
		"so", "some", "such", "than", "that", "the", "their", "theirs", "them",
		"themselves", "then", "there", "these", "they", "this", "those", "through", "to",
		"too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where",
		"which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
		"yours", "yourself", "yourselves", "said", "says", "say", "told", "according",
		"mr", "mrs", "ms", "dr", "s", "t", "one", "two", "three", "new", "last", "first",
		"year", "years", "week", "day", "monday", "tuesday", "wednesday", "thursday",
		"friday", "saturday", "sunday", "today", "yesterday", "tomorrow", "percent",
		"per", "cent", "million", "billion", "may", "might", "must", "shall", "us", "via",
		"within", "without", "around", "among", "across", "since", "still", "yet", "next",
		"many", "much", "well", "even", "back", "like", "get", "got", "made", "make",
	} {
		m[w] = true
	}
	return m
}()
