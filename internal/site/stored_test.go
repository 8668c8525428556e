package site_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/site"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

func TestApply_StoredValuesOverrideStartingOnes(t *testing.T) {
	base := site.Defaults()
	got, errs := site.Apply(base, map[string]string{
		site.KeyName:         "The Harbor Gazette",
		site.KeyTimeZone:     "Europe/Paris",
		site.KeyBaseURL:      "https://news.example.org/",
		site.KeyShareTargets: " Email, x ,email",
		site.KeyAllowPrivate: "10.1.2.3/8, 192.168.0.7",
		"comments.per_page":  "50", // another area's key: ignored
	})
	if len(errs) != 0 {
		t.Fatalf("errors %v", errs)
	}
	if got.Name != "The Harbor Gazette" || got.Location.String() != "Europe/Paris" || got.BaseURL != "https://news.example.org" ||
		strings.Join(got.ShareTargets, ",") != "email,x" || got.Tagline != base.Tagline || got.Phone != base.Phone {
		t.Errorf("Apply = %+v", got)
	}
	if len(got.AllowPrivate) != 2 || got.AllowPrivate[0].String() != "10.0.0.0/8" || got.AllowPrivate[1].String() != "192.168.0.7/32" {
		t.Errorf("allow-list %v", got.AllowPrivate)
	}
	// The values read back as stored, and apply again to the same.
	again, errs := site.Apply(base, got.Values())
	if len(errs) != 0 || again.Name != got.Name || again.Location.String() != "Europe/Paris" ||
		strings.Join(again.ShareTargets, ",") != "email,x" || len(again.AllowPrivate) != 2 {
		t.Errorf("round trip: %+v, %v", again, errs)
	}
	// No share target ticked means none, not the default list.
	none, _ := site.Apply(base, map[string]string{site.KeyShareTargets: ""})
	if none.ShareTargets == nil || len(none.ShareTargets) != 0 {
		t.Errorf("empty share targets = %#v, want an empty list", none.ShareTargets)
	}
	if len(base.ShareTargets) != len(site.AllShareTargets) {
		t.Error("Apply changed the base settings' slice")
	}
}

func TestCheck_RefusesBadValues(t *testing.T) {
	for _, c := range []struct{ key, value, want string }{
		{site.KeyTimeZone, "Mars/Base", "not a time zone"},
		{site.KeyTimeZone, "Local", "name a time zone"},
		{site.KeyTimeZone, "", "name a time zone"},
		{site.KeyBaseURL, "ftp://x", "http:// or https://"},
		{site.KeyBaseURL, "news.example.org", "http:// or https://"},
		{site.KeyBaseURL, "https://user:pw@news.example.org", "http:// or https://"},
		{site.KeyBaseURL, "https://news.example.org/?x=1", "without query"},
		{site.KeyName, "", "needs a name"},
		{site.KeyName, strings.Repeat("n", 101), "at most 100"},
		{site.KeyTagline, "two\nlines", "one line"},
		{site.KeyPhone, "call 555", "digits"},
		{site.KeyShareTargets, "x,myspace", "unknown share target"},
		{site.KeyAllowPrivate, "10.0.0.0/33", "neither a CIDR"},
		{"site.colour", "blue", "unknown site setting"},
	} {
		err := site.Check(c.key, c.value)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Check(%s, %q) = %v, want %q", c.key, c.value, err, c.want)
		}
	}
	for _, c := range [][2]string{{site.KeyTimeZone, "UTC"}, {site.KeyBaseURL, "http://127.0.0.1:8080/"},
		{site.KeyPhone, "+33 (0)1 23-45.67"}, {site.KeyAllowPrivate, ""}, {site.KeyTagline, ""}, {site.KeyShareTargets, ""}} {
		if err := site.Check(c[0], c[1]); err != nil {
			t.Errorf("Check(%s, %q) = %v", c[0], c[1], err)
		}
	}
	// A refused stored value leaves the starting one, and says why.
	base := site.Defaults()
	got, errs := site.Apply(base, map[string]string{site.KeyTimeZone: "Mars/Base", site.KeyName: "Kept"})
	if got.Location != base.Location || got.Name != "Kept" || errs[site.KeyTimeZone] == nil || len(errs) != 1 {
		t.Errorf("Apply with a bad zone: %+v, %v", got, errs)
	}
}

func TestLive_RefreshFollowsTheStore(t *testing.T) {
	st := storetest.NewSQLiteCopy(t)
	ctx := context.Background()
	live := site.NewLive(site.Defaults())
	if _, err := live.Refresh(ctx, st); err != nil {
		t.Fatal(err)
	}
	if live.Load().Name != "newsdesk" {
		t.Fatalf("with nothing stored: %q", live.Load().Name)
	}
	if err := st.SetSettings(ctx, map[string]string{site.KeyName: "Night Desk", site.KeyTimeZone: "Asia/Tokyo"}); err != nil {
		t.Fatal(err)
	}
	if _, err := live.Refresh(ctx, st); err != nil {
		t.Fatal(err)
	}
	if got := live.Load(); got.Name != "Night Desk" || got.Location.String() != "Asia/Tokyo" {
		t.Errorf("after refresh: %q in %v", got.Name, got.Location)
	}
	if live.Base().Name != "newsdesk" {
		t.Error("Base changed")
	}

	// Run picks changes up by itself; readers never see a torn value.
	runCtx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { live.Run(runCtx, st, 10*time.Millisecond, nil) })
	if err := st.SetSettings(ctx, map[string]string{site.KeyName: "Day Desk"}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for live.Load().Name != "Day Desk" && time.Now().Before(deadline) {
		if s := live.Load(); s.Location == nil {
			t.Fatal("a reader saw settings without a time zone")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	wg.Wait()
	if live.Load().Name != "Day Desk" {
		t.Error("Run did not pick up the stored change")
	}
}

// readThenSave is the store as a refresh sees it when an admin saves the
// settings between the refresh's read and its taking effect.
type readThenSave struct {
	site.Reader
	save func()
}

func (r readThenSave) Settings(ctx context.Context) (map[string]string, error) {
	kv, err := r.Reader.Settings(ctx)
	r.save()
	return kv, err
}

// A refresh that read the settings before a save must not put the old
// values back after the save applied them.
func TestLive_RefreshDoesNotUndoASaveMadeWhileItRead(t *testing.T) {
	st := storetest.NewSQLiteCopy(t)
	ctx := context.Background()
	if err := st.SetSettings(ctx, map[string]string{site.KeyName: "Old Desk"}); err != nil {
		t.Fatal(err)
	}
	live := site.NewLive(site.Defaults())
	if _, err := live.Refresh(ctx, st); err != nil {
		t.Fatal(err)
	}
	save := func() {
		kv := map[string]string{site.KeyName: "New Desk"}
		if err := st.SetSettings(ctx, kv); err != nil {
			t.Fatal(err)
		}
		all, err := st.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		live.Update(all)
	}
	if _, err := live.Refresh(ctx, readThenSave{st, save}); err != nil {
		t.Fatal(err)
	}
	if got := live.Load().Name; got != "New Desk" {
		t.Fatalf("the refresh put back %q over the saved name", got)
	}
	// The next refresh reads the saved value and keeps it.
	if _, err := live.Refresh(ctx, st); err != nil || live.Load().Name != "New Desk" {
		t.Fatalf("next refresh: %q, %v", live.Load().Name, err)
	}
}
