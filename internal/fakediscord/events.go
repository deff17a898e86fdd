package fakediscord

import (
	"encoding/json"
	"strconv"
	"time"
)

// Interaction types (Discord's "Interaction Type").
const (
	InteractionApplicationCommand = 2
	InteractionMessageComponent   = 3
)

// Channel types (Discord's "Channel Types").
const (
	ChannelText          = 0
	ChannelDM            = 1
	ChannelNews          = 5
	ChannelNewsThread    = 10
	ChannelPublicThread  = 11
	ChannelPrivateThread = 12
	ChannelForum         = 15
)

func isThread(t int) bool {
	return t == ChannelNewsThread || t == ChannelPublicThread || t == ChannelPrivateThread
}

// Default invoker of interactions and author of messages.
const (
	DefaultUserID   = "2000000000000000001"
	DefaultUsername = "tester"
)

// ChannelSpec describes a channel the fake knows; GET channels/{id}
// answers it and messages and threads may be created in it.
type ChannelSpec struct {
	ID      string
	GuildID string // "" for a DM
	Type    int    // one of the Channel* constants
	Name    string
	// ParentID is a thread's channel (or a channel's category).
	ParentID string
	// OwnerID and AutoArchiveDuration (minutes) apply to threads.
	OwnerID             string
	AutoArchiveDuration int
}

func (c ChannelSpec) json() map[string]any {
	m := map[string]any{
		"id": c.ID, "type": c.Type, "name": c.Name, "flags": 0, "nsfw": false,
		"position": 0, "permission_overwrites": []any{}, "last_message_id": nil,
	}
	if c.GuildID != "" {
		m["guild_id"] = c.GuildID
	}
	if c.ParentID != "" {
		m["parent_id"] = c.ParentID
	}
	if isThread(c.Type) {
		archive := c.AutoArchiveDuration
		if archive == 0 {
			archive = 4320
		}
		m["owner_id"] = c.OwnerID
		m["message_count"], m["member_count"], m["total_message_sent"] = 0, 1, 0
		m["rate_limit_per_user"] = 0
		m["thread_metadata"] = map[string]any{
			"archived": false, "locked": false, "auto_archive_duration": archive,
			"archive_timestamp": timestamp(time.Now()),
		}
	}
	return m
}

// SetChannel adds or replaces a channel.
func (s *Server) SetChannel(c ChannelSpec) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.channels[c.ID] = c
}

// Channel returns the channel with the given id, as set, sent or created.
func (s *Server) Channel(id string) (ChannelSpec, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.channels[id]
	return c, ok
}

// Message returns the stored message object with the given id: one the bot
// created or edited through the REST API, or one sent with SendMessage.
func (s *Server) Message(id string) (map[string]any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.messages[id]
	if !ok {
		return nil, false
	}
	return mustRoundTrip(m), true
}

// mustRoundTrip deep-copies a JSON value.
func mustRoundTrip(m map[string]any) map[string]any {
	var out map[string]any
	if err := json.Unmarshal(mustJSON(m), &out); err != nil {
		panic(err)
	}
	return out
}

// knowChannelLocked registers a channel mentioned by an event unless it is
// already known.
func (s *Server) knowChannelLocked(id, guildID string, typ int, parentID string) {
	if _, ok := s.channels[id]; ok {
		return
	}
	if typ == 0 && guildID == "" {
		typ = ChannelDM
	}
	s.channels[id] = ChannelSpec{ID: id, GuildID: guildID, Type: typ, ParentID: parentID, Name: "channel-" + id}
}

// Option is an option of an application command as the invoking user
// filled it in. Build one with StringOption, IntegerOption, BoolOption,
// AttachmentOption or SubcommandOption.
type Option struct {
	Name    string
	Type    int // Discord's "Application Command Option Type"
	Value   any
	Options []Option // a subcommand's options
	file    *attachmentFile
}

// StringOption is a STRING (3) option.
func StringOption(name, value string) Option { return Option{Name: name, Type: 3, Value: value} }

// IntegerOption is an INTEGER (4) option.
func IntegerOption(name string, value int64) Option { return Option{Name: name, Type: 4, Value: value} }

// BoolOption is a BOOLEAN (5) option.
func BoolOption(name string, value bool) Option { return Option{Name: name, Type: 5, Value: value} }

// SubcommandOption is a SUB_COMMAND (1) option holding its own options.
func SubcommandOption(name string, options ...Option) Option {
	return Option{Name: name, Type: 1, Options: options}
}

// AttachmentOption is an ATTACHMENT (11) option: the interaction carries the
// file in data.resolved.attachments with a URL on the fake that serves data.
func AttachmentOption(name, filename, contentType string, data []byte) Option {
	return Option{Name: name, Type: 11, file: &attachmentFile{name: filename, contentType: contentType, data: data}}
}

type attachmentFile struct {
	id, url, name, contentType string
	data                       []byte
}

func (a attachmentFile) json() map[string]any {
	return map[string]any{
		"id": a.id, "filename": a.name, "size": len(a.data), "content_type": a.contentType,
		"url": a.url, "proxy_url": a.url,
	}
}

// attachLocked stores a file the fake serves at /attachments/{id}/{name}.
func (s *Server) attachLocked(name, contentType string, data []byte) attachmentFile {
	a := attachmentFile{id: s.NewID(), name: name, contentType: contentType, data: data}
	a.url = s.URL() + "/attachments/" + a.id + "/" + name
	s.attachments[a.id] = a
	return a
}

// InteractionSpec describes an interaction for SendInteraction.
type InteractionSpec struct {
	// Type is InteractionApplicationCommand (the default) or
	// InteractionMessageComponent.
	Type int

	// Name and Options describe an application command; CommandID defaults
	// to the id the fake gave the registered command of that name.
	Name      string
	CommandID string
	Options   []Option

	// CustomID, ComponentType (default 2, a button), Values (select menus)
	// and MessageID (the message the component is on) describe a component
	// interaction. The message, as stored by the fake (a bare message by the
	// bot if it was never seen), is carried whole and is the interaction's
	// @original.
	CustomID      string
	ComponentType int
	Values        []string
	MessageID     string

	// GuildID is "" for a DM; ChannelID defaults to a fresh id.
	GuildID   string
	ChannelID string

	// UserID and Username default to DefaultUserID and DefaultUsername;
	// RoleIDs and Permissions (a bit set) are the member's in a guild.
	UserID      string
	Username    string
	RoleIDs     []string
	Permissions int64

	// Locale defaults to "en-US".
	Locale string
}

type interactionState struct {
	id, token, channelID, guildID string
	dispatched                    time.Time
	acked                         bool
	originalID                    string
	followups                     []string
}

// SendInteraction dispatches INTERACTION_CREATE built from spec, as
// discordgo's InteractionCreate unmarshals it, and returns the
// interaction's id and token, which the bot's callback and webhook calls
// must use. It fails the test if no gateway session appears within
// DefaultWait; call it from the test's goroutine.
func (s *Server) SendInteraction(spec InteractionSpec) (id, token string) {
	s.t.Helper()
	id = s.NewID()
	token = "interaction-token-" + id
	s.mu.Lock()
	payload := s.interactionPayloadLocked(spec, id, token)
	s.mu.Unlock()
	ctx, cancel := s.helperContext()
	defer cancel()
	if _, err := s.Dispatch(ctx, "INTERACTION_CREATE", payload); err != nil {
		s.t.Fatalf("fakediscord: SendInteraction: %v", err)
	}
	return id, token
}

func (s *Server) interactionPayloadLocked(spec InteractionSpec, id, token string) map[string]any {
	if spec.Type == 0 {
		spec.Type = InteractionApplicationCommand
	}
	if spec.ChannelID == "" {
		spec.ChannelID = s.NewID()
	}
	if spec.Locale == "" {
		spec.Locale = "en-US"
	}
	s.knowChannelLocked(spec.ChannelID, spec.GuildID, 0, "")
	ch := s.channels[spec.ChannelID]
	user := userJSON(spec.UserID, spec.Username, false)
	it := &interactionState{id: id, token: token, channelID: spec.ChannelID, guildID: spec.GuildID, dispatched: time.Now()}

	p := map[string]any{
		"id": id, "application_id": ApplicationID, "type": spec.Type, "token": token, "version": 1,
		"channel_id": spec.ChannelID, "channel": ch.json(), "locale": spec.Locale,
		"app_permissions": "2251799813685247", "entitlements": []any{},
	}
	if spec.GuildID != "" {
		p["guild_id"] = spec.GuildID
		p["guild_locale"] = "en-US"
		p["member"] = memberJSON(user, spec.RoleIDs, spec.Permissions)
		p["context"] = 0
		p["authorizing_integration_owners"] = map[string]any{"0": spec.GuildID}
	} else {
		p["user"] = user
		p["context"] = 1
		p["authorizing_integration_owners"] = map[string]any{"1": user["id"]}
	}

	switch spec.Type {
	case InteractionMessageComponent:
		ct := spec.ComponentType
		if ct == 0 {
			ct = 2
		}
		data := map[string]any{"custom_id": spec.CustomID, "component_type": ct}
		if spec.Values != nil {
			data["values"] = spec.Values
		}
		p["data"] = data
		if spec.MessageID != "" {
			m, ok := s.messages[spec.MessageID]
			if !ok {
				// A message the fake never saw: a bare one by the bot.
				m = s.newMessage(spec.ChannelID, nil, nil, botUser())
				m["id"] = spec.MessageID
				s.messages[spec.MessageID] = m
			}
			p["message"] = mustRoundTrip(m)
			it.originalID = spec.MessageID
		}
	default:
		cmdID := spec.CommandID
		if cmdID == "" {
			cmdID = s.commandIDLocked(spec.Name, spec.GuildID)
		}
		resolved := map[string]any{}
		data := map[string]any{
			"id": cmdID, "name": spec.Name, "type": 1,
			"options": s.optionsJSONLocked(spec.Options, resolved),
		}
		if len(resolved) > 0 {
			data["resolved"] = map[string]any{"attachments": resolved}
		}
		if spec.GuildID != "" {
			data["guild_id"] = spec.GuildID
		}
		p["data"] = data
	}
	s.interactions[token] = it
	return p
}

// commandIDLocked finds the id of a registered command named name, guild
// commands first; a fresh id when there is none.
func (s *Server) commandIDLocked(name, guildID string) string {
	for _, key := range []string{ApplicationID + "/" + guildID, ApplicationID + "/"} {
		for _, c := range s.commands[key] {
			if m := c.(map[string]any); m["name"] == name {
				return m["id"].(string)
			}
		}
	}
	return s.NewID()
}

func (s *Server) optionsJSONLocked(opts []Option, resolved map[string]any) []any {
	out := []any{}
	for _, o := range opts {
		m := map[string]any{"name": o.Name, "type": o.Type}
		switch {
		case o.file != nil:
			a := s.attachLocked(o.file.name, o.file.contentType, o.file.data)
			resolved[a.id] = a.json()
			m["value"] = a.id
		case o.Type == 1 || o.Type == 2:
			m["options"] = s.optionsJSONLocked(o.Options, resolved)
		default:
			m["value"] = o.Value
		}
		out = append(out, m)
	}
	return out
}

func userJSON(id, name string, bot bool) map[string]any {
	if id == "" {
		id = DefaultUserID
	}
	if name == "" {
		name = DefaultUsername
		if id != DefaultUserID {
			name = "user-" + id
		}
	}
	u := map[string]any{
		"id": id, "username": name, "discriminator": "0", "global_name": name,
		"avatar": nil, "public_flags": 0,
	}
	if bot {
		u["bot"] = true
	}
	return u
}

func memberJSON(user map[string]any, roles []string, permissions int64) map[string]any {
	if roles == nil {
		roles = []string{}
	}
	m := map[string]any{
		"roles": roles, "joined_at": timestamp(time.Now().Add(-24 * time.Hour)), "nick": nil,
		"deaf": false, "mute": false, "pending": false, "flags": 0,
		"permissions": strconv.FormatInt(permissions, 10),
	}
	if user != nil {
		m["user"] = user
	}
	return m
}

// MessageSpec describes a message a user sends, for SendMessage.
type MessageSpec struct {
	// ID defaults to a fresh snowflake.
	ID string
	// ChannelID is where the message is sent; GuildID is "" for a DM.
	ChannelID string
	GuildID   string
	// ChannelType and ParentID describe ChannelID if the fake does not know
	// it yet: a thread has a thread type and its channel as parent.
	ChannelType int
	ParentID    string

	Content string
	// AuthorID and AuthorName default to DefaultUserID and DefaultUsername;
	// AuthorBot marks a bot; RoleIDs are the author's roles in the guild.
	AuthorID   string
	AuthorName string
	AuthorBot  bool
	RoleIDs    []string
	// Mentions are the ids of mentioned users (BotUserID to mention the
	// bot) and MentionRoles those of mentioned roles; Content should carry
	// the matching <@id> and <@&id> markup.
	Mentions     []string
	MentionRoles []string
	// ReplyTo is the id of the message this one replies to.
	ReplyTo string
	// Files become the message's attachments.
	Files []File
}

// SendMessage stores the message and dispatches MESSAGE_CREATE for it, as
// Discord would to the bot's session: not at all without the GUILD_MESSAGES
// (guild) or DIRECT_MESSAGES (DM) intent, counted in GatewayStats.Withheld;
// with empty content, embeds, attachments and components without the
// MESSAGE_CONTENT intent unless the message is a DM or mentions the bot. It
// returns the message's id and fails the test if no gateway session appears
// within DefaultWait; call it from the test's goroutine.
func (s *Server) SendMessage(spec MessageSpec) string {
	s.t.Helper()
	s.mu.Lock()
	if spec.ID == "" {
		spec.ID = s.NewID()
	}
	s.knowChannelLocked(spec.ChannelID, spec.GuildID, spec.ChannelType, spec.ParentID)
	author := userJSON(spec.AuthorID, spec.AuthorName, spec.AuthorBot)
	m := s.newMessage(spec.ChannelID, map[string]any{"content": spec.Content}, spec.Files, author)
	m["id"] = spec.ID
	if spec.GuildID != "" {
		m["guild_id"] = spec.GuildID
		m["member"] = memberJSON(nil, spec.RoleIDs, 0)
	}
	mentions := []any{}
	mentionsBot := false
	for _, id := range spec.Mentions {
		u := userJSON(id, "", false)
		if id == BotUserID {
			u, mentionsBot = botUser(), true
		}
		mentions = append(mentions, u)
	}
	m["mentions"] = mentions
	if spec.MentionRoles != nil {
		m["mention_roles"] = spec.MentionRoles
	}
	if spec.ReplyTo != "" {
		m["type"] = 19
		ref := map[string]any{"type": 0, "message_id": spec.ReplyTo, "channel_id": spec.ChannelID}
		if spec.GuildID != "" {
			ref["guild_id"] = spec.GuildID
		}
		m["message_reference"] = ref
		if r, ok := s.messages[spec.ReplyTo]; ok {
			m["referenced_message"] = r
		}
	}
	s.messages[spec.ID] = m
	full := mustRoundTrip(m)
	s.mu.Unlock()

	ctx, cancel := s.helperContext()
	defer cancel()
	_, err := s.dispatch(ctx, "MESSAGE_CREATE", func(sess *session) (any, bool) {
		dm := spec.GuildID == ""
		if (dm && sess.intents&intentDirectMessages == 0) || (!dm && sess.intents&intentGuildMessages == 0) {
			return nil, false
		}
		if sess.intents&intentMessageContent == 0 && !dm && !mentionsBot {
			blind := mustRoundTrip(full)
			blind["content"] = ""
			blind["embeds"], blind["attachments"], blind["components"] = []any{}, []any{}, []any{}
			return blind, true
		}
		return full, true
	})
	if err != nil {
		s.t.Fatalf("fakediscord: SendMessage: %v", err)
	}
	return spec.ID
}

// GuildSpec describes a guild for SendGuildCreate.
type GuildSpec struct {
	ID      string
	Name    string
	OwnerID string
	// Roles are the guild's roles; an @everyone role (the guild's id, no
	// permissions) is added unless present.
	Roles []RoleSpec
	// Channels are registered with the fake and sent in the guild.
	Channels []ChannelSpec
}

// RoleSpec describes a role.
type RoleSpec struct {
	ID          string
	Name        string
	Permissions int64 // Discord's permission bit set
	Position    int
}

// SendGuildCreate dispatches GUILD_CREATE for g, as Discord does after READY
// for each guild and when the bot joins one, and registers its channels. It
// fails the test if no gateway session appears within DefaultWait; call it
// from the test's goroutine.
func (s *Server) SendGuildCreate(g GuildSpec) {
	s.t.Helper()
	if g.Name == "" {
		g.Name = "guild-" + g.ID
	}
	roles := []any{}
	hasEveryone := false
	for _, r := range g.Roles {
		hasEveryone = hasEveryone || r.ID == g.ID
		roles = append(roles, roleJSON(r))
	}
	if !hasEveryone {
		roles = append(roles, roleJSON(RoleSpec{ID: g.ID, Name: "@everyone"}))
	}
	channels := []any{}
	s.mu.Lock()
	for _, c := range g.Channels {
		c.GuildID = g.ID
		s.channels[c.ID] = c
		channels = append(channels, c.json())
	}
	s.mu.Unlock()
	payload := map[string]any{
		"id": g.ID, "name": g.Name, "icon": nil, "owner_id": g.OwnerID, "roles": roles,
		"channels": channels, "threads": []any{}, "members": []any{}, "member_count": 2,
		"joined_at": timestamp(time.Now().Add(-time.Hour)), "large": false, "unavailable": false,
		"emojis": []any{}, "stickers": []any{}, "features": []any{}, "voice_states": []any{},
		"presences": []any{}, "stage_instances": []any{}, "guild_scheduled_events": []any{},
		"preferred_locale": "en-US", "system_channel_id": nil, "afk_timeout": 300,
	}
	ctx, cancel := s.helperContext()
	defer cancel()
	if _, err := s.Dispatch(ctx, "GUILD_CREATE", payload); err != nil {
		s.t.Fatalf("fakediscord: SendGuildCreate: %v", err)
	}
}

func roleJSON(r RoleSpec) map[string]any {
	return map[string]any{
		"id": r.ID, "name": r.Name, "permissions": strconv.FormatInt(r.Permissions, 10),
		"position": r.Position, "color": 0, "hoist": false, "managed": false,
		"mentionable": false, "flags": 0, "icon": nil, "unicode_emoji": nil,
	}
}
