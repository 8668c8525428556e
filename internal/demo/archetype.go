package demo

// An archetype is a kind of story: the templates every outlet draws from
// when it writes about one event of that kind. Templates refer to the
// event's cast with {slots} ({city}, {person}, {n}...); a capitalised slot
// ({Org}) capitalises the value's first letter. Slots no event fills are
// caught by the tests, which look for stray braces in every article.
type archetype struct {
	category     string
	role         string   // title of the lead figure: "Mayor", "Coach"
	expertRole   string   // how the expert is introduced: "a hydrologist at {institution}"
	orgs         []string // candidates for {org}
	companies    string   // companyBanks key for {company} and {rival}
	things       []string // candidates for {thing}: a storm, a bill, a film
	institutions []string // overrides the generic universities
	// Number ranges for {n}, {n2}, {m} and {p}; zero ranges get defaults.
	n, n2, m, p [2]int
	headlines   []string
	leads       []string
	facts       []string
	quotes      []quote
	background  []string
	next        []string
	captions    []string
}

// quote is something a member of the cast said. Text carries no closing
// punctuation; the attribution adds it.
type quote struct {
	who  byte   // 'o' lead figure, 'e' expert, 'w' witness, 's' spokesperson
	job  string // for witnesses: who they are
	text string
}

func o(text string) quote           { return quote{who: 'o', text: text} }
func e(text string) quote           { return quote{who: 'e', text: text} }
func s(text string) quote           { return quote{who: 's', text: text} }
func wq(job, text string) quote     { return quote{who: 'w', job: job, text: text} }
func r2(lo, hi int) [2]int          { return [2]int{lo, hi} }
func list(items ...string) []string { return items }
func quotes(items ...quote) []quote { return items }
func appendAll(a ...[]archetype) []archetype {
	var out []archetype
	for _, x := range a {
		out = append(out, x...)
	}
	return out
}

// eventArchetypes are the kinds of stories several outlets cover.
func eventArchetypes() []archetype {
	return appendAll(worldArchetypes(), politicsArchetypes(), businessArchetypes(),
		technologyArchetypes(), scienceArchetypes(), healthArchetypes(),
		sportsArchetypes(), cultureArchetypes())
}
