package comments

import (
	"fmt"
	"strings"
	"testing"
)

// validForm is a form every rule accepts.
func validForm() Form {
	return Form{
		Body:    "A thoughtful comment.\n\nWith a second paragraph.",
		Name:    "Ada Lovelace",
		Email:   "ada@example.org",
		Website: "https://example.org/ada",
	}
}

func TestValidateAcceptsAValidForm(t *testing.T) {
	if errs := Validate(validForm(), DefaultLimits); len(errs) != 0 {
		t.Fatalf("Validate(valid) = %v", errs)
	}
	f := validForm()
	f.Website = ""
	if errs := Validate(f, Limits{}); len(errs) != 0 {
		t.Fatalf("Validate(no website) = %v", errs)
	}
}

// TestRequiredFieldCombinations tries all eight combinations of present
// and missing Comment, Name and Email, with every way a field can be
// missing.
func TestRequiredFieldCombinations(t *testing.T) {
	blanks := []string{"", " ", "\t\n  \n", "\u00a0\u2003", "\u200b", "\u200b\ufeff \u2060"}
	want := map[string]string{
		FieldComment: "Please type your comment.",
		FieldAuthor:  "Please enter your name.",
		FieldEmail:   "Please enter your email address.",
	}
	for mask := 0; mask < 8; mask++ {
		for _, blank := range blanks {
			f := validForm()
			missing := map[string]bool{}
			if mask&1 != 0 {
				f.Body = blank
				missing[FieldComment] = true
			}
			if mask&2 != 0 {
				f.Name = blank
				missing[FieldAuthor] = true
			}
			if mask&4 != 0 {
				f.Email = blank
				missing[FieldEmail] = true
			}
			name := fmt.Sprintf("missing=%v/blank=%q", missing, blank)
			errs := Validate(f, DefaultLimits)
			if len(errs) != len(missing) {
				t.Errorf("%s: errors %v, want exactly the missing fields", name, errs)
			}
			for field := range missing {
				if errs[field] != want[field] {
					t.Errorf("%s: %s error %q, want %q", name, field, errs[field], want[field])
				}
			}
		}
	}
}

func TestValidateLimits(t *testing.T) {
	// Body and name are counted in characters, not bytes: é and ñ are
	// two bytes each.
	cases := []struct {
		field string
		limit int
	}{
		{FieldComment, 5000},
		{FieldAuthor, 100},
		{FieldEmail, 254},
		{FieldURL, 200},
	}
	for _, c := range cases {
		t.Run(c.field, func(t *testing.T) {
			for _, n := range []int{c.limit, c.limit + 1} {
				f := validForm()
				switch c.field {
				case FieldEmail:
					// Labels of at most 63 bytes: "aaa…a.aaa…a.example.org".
					local := strings.Repeat("a", 64)
					rest := n - len(local) - 1 - len("example.org")
					var labels []string
					for rest > 0 {
						l := min(63, rest-1)
						labels = append(labels, strings.Repeat("b", l))
						rest -= l + 1
					}
					f.Email = local + "@" + strings.Join(labels, ".") + ".example.org"
					if len(f.Email) != n {
						t.Fatalf("built an email of %d bytes, want %d", len(f.Email), n)
					}
				case FieldURL:
					f.Website = "https://example.org/" + strings.Repeat("x", n-len("https://example.org/"))
				case FieldComment:
					f.Body = strings.Repeat("é", n)
				case FieldAuthor:
					f.Name = strings.Repeat("ñ", n)
				}
				before := f
				errs := Validate(f, DefaultLimits)
				if f != before {
					t.Fatal("Validate changed the form")
				}
				if n == c.limit && len(errs) != 0 {
					t.Errorf("%d characters: %v, want no error at the limit", n, errs)
				}
				if n > c.limit {
					msg := errs[c.field]
					wantNum := groupThousands(c.limit)
					if !strings.Contains(msg, wantNum) || !strings.Contains(msg, groupThousands(n)) {
						t.Errorf("%d characters: error %q, want one naming %s and %s", n, msg, groupThousands(n), wantNum)
					}
				}
			}
		})
	}
	// Custom limits, and zero fields taking the defaults.
	f := validForm()
	f.Body = "twelve chars"
	if errs := Validate(f, Limits{Body: 11}); !strings.Contains(errs[FieldComment], "12 characters long; the limit is 11") {
		t.Errorf("custom limit: %v", errs)
	}
	if errs := Validate(f, Limits{Body: 12}); len(errs) != 0 {
		t.Errorf("custom limit at 12: %v", errs)
	}
	f.Body = strings.Repeat("x", 5001)
	if errs := Validate(f, Limits{Body: -1}); errs[FieldComment] == "" {
		t.Error("a negative limit did not mean the default")
	}
}

func TestLimitsNotice(t *testing.T) {
	for _, c := range []struct {
		lim  Limits
		want string
	}{
		{DefaultLimits, "Comments may be up to 5,000 characters."},
		{Limits{}, "Comments may be up to 5,000 characters."},
		{Limits{Body: 999}, "Comments may be up to 999 characters."},
		{Limits{Body: 12000}, "Comments may be up to 12,000 characters."},
		{Limits{Body: 1234567}, "Comments may be up to 1,234,567 characters."},
	} {
		if got := c.lim.Notice(); got != c.want {
			t.Errorf("%+v.Notice() = %q, want %q", c.lim, got, c.want)
		}
	}
	l := Limits{Name: 50}
	for field, want := range map[string]int{FieldComment: 5000, FieldAuthor: 50, FieldEmail: 254, FieldURL: 200, "other": 0} {
		if got := l.Max(field); got != want {
			t.Errorf("Max(%q) = %d, want %d", field, got, want)
		}
	}
}

func TestValidateText(t *testing.T) {
	cases := []struct {
		name, field, value, wantIn string
	}{
		{"invalid UTF-8 body", FieldComment, "caf\xe9", "could not be read"},
		{"invalid UTF-8 name", FieldAuthor, "\xff\xfe", "could not be read"},
		{"invalid UTF-8 email", FieldEmail, "a\xc0@example.org", "could not be read"},
		{"invalid UTF-8 website", FieldURL, "https://example.org/\xed\xa0\x80", "could not be read"},
		{"NUL body", FieldComment, "hello\x00world", "control character"},
		{"NUL name", FieldAuthor, "Ada\x00", "control character"},
		{"DEL name", FieldAuthor, "Ada\x7f", "control character"},
		{"C1 body", FieldComment, "next\u0085line", "control character"},
		{"escape body", FieldComment, "colour \x1b[31mred", "control character"},
		{"bell email", FieldEmail, "a\x07@example.org", "control character"},
		{"newline name", FieldAuthor, "Ada\nLovelace", "one line"},
		{"CR name", FieldAuthor, "Ada\rLovelace", "one line"},
		{"tab name", FieldAuthor, "Ada\tLovelace", "control character"},
		{"newline website", FieldURL, "https://example.org/\n", "one line"},
		{"override name", FieldAuthor, "Ada\u202egpj.exe", "formatting character"},
		{"isolate email", FieldEmail, "a\u2066b@example.org", "formatting character"},
		{"line separator name", FieldAuthor, "Ada\u2028Lovelace", "formatting character"},
	}
	for _, c := range cases {
		f := validForm()
		switch c.field {
		case FieldComment:
			f.Body = c.value
		case FieldAuthor:
			f.Name = c.value
		case FieldEmail:
			f.Email = c.value
		case FieldURL:
			f.Website = c.value
		}
		errs := Validate(f, DefaultLimits)
		if !strings.Contains(errs[c.field], c.wantIn) || len(errs) != 1 {
			t.Errorf("%s: errors %v, want one on %s containing %q", c.name, errs, c.field, c.wantIn)
		}
	}
	// A body may hold line breaks (any style), tabs and direction marks.
	f := validForm()
	f.Body = "line one\r\nline two\n\tindented\rold Mac\n\u202eRTL override in a paragraph"
	if errs := Validate(f, DefaultLimits); len(errs) != 0 {
		t.Errorf("multi-line body: %v", errs)
	}
}

func TestValidateEmail(t *testing.T) {
	valid := []string{
		"ada@example.org",
		"first.last+tag@sub.example.co.uk",
		"o'brien@example.ie",
		"x@a-b.example",
		"user_name@xn--bcher-kva.example",
		"jose@bücher.example",
		"UPPER@EXAMPLE.ORG",
		strings.Repeat("l", 64) + "@example.org",
	}
	invalid := []string{
		"ada",
		"ada@",
		"@example.org",
		"ada@example",
		"ada@localhost",
		"Ada <ada@example.org>",
		"<ada@example.org>",
		"ada@example.org (Ada)",
		"ada lovelace@example.org",
		"ada@exa mple.org",
		`"ada lovelace"@example.org`,
		`"ada"@example.org`,
		"ada@[127.0.0.1]",
		"ada@127.0.0.1",
		"ada@-example.org",
		"ada@example-.org",
		"ada@example..org",
		"ada@.example.org",
		"ada@example.org.",
		"ada@example.123",
		"ada@example.org,eve@example.org",
		"ada@@example.org",
		"ada@exam_ple.org",
		"ada.@example.org",
		".ada@example.org",
		"ad..a@example.org",
		strings.Repeat("l", 65) + "@example.org",
		"ada@" + strings.Repeat("a", 64) + ".org",
		"javascript:alert(1)//@example.org",
		"ada@example.org\r\nBcc: eve@example.org",
	}
	for _, e := range valid {
		f := validForm()
		f.Email = e
		if errs := Validate(f, DefaultLimits); len(errs) != 0 {
			t.Errorf("email %q: %v, want valid", e, errs)
		}
	}
	for _, e := range invalid {
		f := validForm()
		f.Email = e
		if errs := Validate(f, DefaultLimits); errs[FieldEmail] == "" || len(errs) != 1 {
			t.Errorf("email %q: %v, want an email error only", e, errs)
		}
	}
}

func TestValidateWebsite(t *testing.T) {
	valid := []string{
		"https://example.org",
		"http://example.org/",
		"https://example.org/path/to?q=1&r=2#frag",
		"HTTPS://Example.ORG/Mixed",
		"https://例え.jp/パス",
		"https://sub.domain.example.co.uk:8443/x",
		"https://203.0.113.7/",
		"http://[2001:db8::1]:8080/",
		"https://example.org/a(b)c",
	}
	invalid := []string{
		"example.org",
		"www.example.org",
		"//example.org",
		"javascript:alert(1)",
		"JaVaScRiPt:alert(document.cookie)",
		"javascript://example.org/%0aalert(1)",
		"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
		"vbscript:msgbox(1)",
		"ftp://example.org/",
		"file:///etc/passwd",
		"mailto:ada@example.org",
		"https://user:pass@example.org/",
		"https://user@example.org/",
		"https://example.org@evil.example/",
		"https://",
		"https:///path",
		"http:example.org",
		"https://exa mple.org/",
		"https://example.org\\@evil.example/",
		"https://localhost/",
		"https://intranet/",
		"https://example.org:99999/",
		"https://example.org:0/",
		"https://example.org:/",
		"https://-bad.example/",
		"https://exa_mple.org/",
		"https://999.1.1.1/",
		"https://[fe80::1%25eth0]/",
		"https://example.org/<script>",
		" https://example.org",
		"java\tscript:alert(1)",
		"https://example.org/\x00",
		"\u202ehttps://example.org",
	}
	for _, w := range valid {
		f := validForm()
		f.Website = w
		if errs := Validate(f, DefaultLimits); len(errs) != 0 {
			t.Errorf("website %q: %v, want valid", w, errs)
		}
	}
	for _, w := range invalid {
		f := validForm()
		f.Website = w
		if errs := Validate(f, DefaultLimits); errs[FieldURL] == "" || len(errs) != 1 {
			t.Errorf("website %q: %v, want a website error only", w, errs)
		}
	}
	f := validForm()
	f.Website = "https://user:secret@example.org"
	if msg := Validate(f, DefaultLimits)[FieldURL]; !strings.Contains(msg, "user name or password") {
		t.Errorf("credentials message %q", msg)
	}
}

func TestValidateParent(t *testing.T) {
	f := validForm()
	f.ParentID = -4
	if errs := Validate(f, DefaultLimits); errs[FieldForm] == "" || len(errs) != 1 {
		t.Errorf("negative parent: %v", errs)
	}
	f.ParentID = 12
	if errs := Validate(f, DefaultLimits); len(errs) != 0 {
		t.Errorf("parent 12: %v", errs)
	}
}

func TestNormalize(t *testing.T) {
	in := Form{
		Body:     "\r\n  First line\r\nsecond  line\r\rafter\tCR  \r\n\r\n",
		Name:     "\u00a0 Ada  Lovelace \t",
		Email:    " ada@example.org\n",
		Website:  "\thttps://example.org/a b ",
		ParentID: 7,
		Remember: true,
		Honeypot: " ",
		Token:    " tok ",
	}
	got := Normalize(in)
	want := Form{
		Body:     "First line\nsecond  line\n\nafter\tCR",
		Name:     "Ada  Lovelace",
		Email:    "ada@example.org",
		Website:  "https://example.org/a b",
		ParentID: 7,
		Remember: true,
		Honeypot: " ",
		Token:    " tok ",
	}
	if got != want {
		t.Errorf("Normalize =\n%#v\nwant\n%#v", got, want)
	}
	if again := Normalize(got); again != got {
		t.Errorf("Normalize is not idempotent: %#v", again)
	}
	// What Normalize trims is what Validate would refuse in a one-line
	// field; after it the form is valid, with nothing else changed.
	raw := validForm()
	raw.Email = " " + raw.Email + "\r\n"
	if Validate(raw, DefaultLimits)[FieldEmail] == "" {
		t.Error("an untrimmed email validated")
	}
	if errs := Validate(Normalize(raw), DefaultLimits); len(errs) != 0 {
		t.Errorf("normalized: %v", errs)
	}
}

func TestHoneypot(t *testing.T) {
	if (Form{}).HoneypotFilled() {
		t.Error("empty honeypot reported filled")
	}
	if !(Form{Honeypot: "http://spam.example"}).HoneypotFilled() {
		t.Error("filled honeypot not reported")
	}
}

func TestGroupThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 12345: "12,345", 100000: "100,000", 1000000: "1,000,000", -1234: "-1,234"} {
		if got := groupThousands(n); got != want {
			t.Errorf("groupThousands(%d) = %q, want %q", n, got, want)
		}
	}
}
