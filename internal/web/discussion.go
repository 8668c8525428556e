package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/newsdesk/newsdesk/internal/comments"
)

// discussionCache keeps the discussion settings and the comment form's
// secret for a few seconds, so an article page does not read the
// settings table on every view. The clock is the real one: the TTL is
// about the database's load, not about the site's dates.
type discussionCache struct {
	store Store
	ttl   time.Duration
	log   *slog.Logger

	mu       sync.Mutex
	loaded   time.Time
	settings comments.Settings
	secret   []byte
}

func newDiscussionCache(st Store, ttl time.Duration, log *slog.Logger) *discussionCache {
	return &discussionCache{store: st, ttl: ttl, log: log, settings: comments.DefaultSettings()}
}

// discussion is what one request uses of the cache.
type discussion struct {
	comments.Settings
	secret []byte
}

// get returns the settings and the secret, reading them again once they
// are older than the TTL. The first time a site runs there is no secret:
// one is made and stored only if none is stored yet (InitSetting), so
// processes starting at the same moment all use the one that won.
// Malformed settings are logged and the last good ones (or the defaults)
// stay in force.
func (c *discussionCache) get(ctx context.Context) (discussion, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ttl > 0 && c.secret != nil && time.Since(c.loaded) < c.ttl {
		return discussion{c.settings, c.secret}, nil
	}
	kv, err := c.store.Settings(ctx)
	if err != nil {
		if c.secret != nil {
			// Keep serving with what was read last; the next request tries again.
			c.log.Warn("web: read discussion settings", "err", err)
			return discussion{c.settings, c.secret}, nil
		}
		return discussion{}, fmt.Errorf("web: read discussion settings: %w", err)
	}
	secret, ok := comments.SecretFrom(kv)
	if !ok {
		stored := comments.EncodeSecret(comments.NewSecret())
		if _, set := kv[comments.KeySecret]; set {
			// A malformed secret (edited by hand?) is replaced.
			err = c.store.SetSettings(ctx, map[string]string{comments.KeySecret: stored})
		} else {
			stored, err = c.store.InitSetting(ctx, comments.KeySecret, stored)
		}
		if err != nil {
			return discussion{}, fmt.Errorf("web: store the comment form secret: %w", err)
		}
		kv[comments.KeySecret] = stored
		if secret, ok = comments.SecretFrom(kv); !ok {
			return discussion{}, fmt.Errorf("web: the comment form secret did not read back from the settings")
		}
		c.log.Info("web: created the comment form secret")
	}
	settings, err := comments.SettingsFrom(kv)
	if err != nil {
		c.log.Warn("web: discussion settings are malformed; keeping the last good ones", "err", err)
	} else {
		c.settings = settings
	}
	c.secret, c.loaded = secret, time.Now()
	return discussion{c.settings, c.secret}, nil
}

// tokens issues and checks the comment form's tokens.
func (d discussion) tokens() comments.Tokens {
	return comments.Tokens{Secret: d.secret}
}

// The purposes an HMAC of a comment ID can have; each keys its own MAC,
// so no link made for one purpose is valid for another.
const (
	macPreview = "newsdesk comment preview\x00" // a held comment shown to its author
	macDecoy   = "newsdesk comment decoy\x00"   // the answer to a bot, which shows nothing
)

// previewHash is the hash of a link that shows comment id, held for
// moderation, to whoever holds the link: an HMAC of the ID under the form
// secret, so no one can make one for another comment. 32 hex digits
// (128 bits).
func (d discussion) previewHash(purpose string, id int64) string {
	m := hmac.New(sha256.New, d.secret)
	m.Write([]byte(purpose))
	m.Write([]byte(strconv.FormatInt(id, 10)))
	return hex.EncodeToString(m.Sum(nil))[:32]
}

// checkPreview reports what a preview link's hash is for: macPreview,
// macDecoy, or "" for a hash that is neither.
func (d discussion) checkPreview(id int64, hash string) string {
	for _, purpose := range []string{macPreview, macDecoy} {
		if hmac.Equal([]byte(hash), []byte(d.previewHash(purpose, id))) {
			return purpose
		}
	}
	return ""
}

// nonce is what the store keeps to refuse a form posted twice: the form
// token's nonce joined with an HMAC of what the form carried. A form
// posted twice has both the same; two readers who got the same token
// (from a page a cache served to both) post different comments, and
// both are kept. The HMAC is keyed, so the stored nonce reveals nothing
// about the email address in it.
func (d discussion) nonce(tokenNonce string, f comments.Form, articleID int64) string {
	m := hmac.New(sha256.New, d.secret)
	for _, part := range []string{"newsdesk comment nonce", strconv.FormatInt(articleID, 10),
		strconv.FormatInt(f.ParentID, 10), f.Name, f.Email, f.Website, f.Body} {
		m.Write([]byte(strconv.Itoa(len(part))))
		m.Write([]byte{':'})
		m.Write([]byte(part))
	}
	return tokenNonce + "." + hex.EncodeToString(m.Sum(nil))[:24]
}
