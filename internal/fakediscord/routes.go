package fakediscord

import (
	"net/http"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// routes registers the REST API discordgo v0.29.0 uses for a bot that
// answers slash commands, components and messages. Handlers run with s.mu
// held.
func (s *Server) routes() {
	s.mux.HandleFunc("GET /gateway", s.serveGateway)
	s.mux.HandleFunc("GET /gateway/{$}", s.serveGateway)
	s.handle("GET /attachments/{id}/{name}", false, s.getAttachment)

	const api = "/api/{version}"
	s.handle("GET "+api+"/gateway", false, s.getGateway)
	s.handle("GET "+api+"/gateway/bot", true, s.getGateway)
	s.handle("GET "+api+"/users/@me", true, func(*call) reply { return okJSON(botUser()) })

	s.handle("GET "+api+"/applications/{app}/commands", true, s.listCommands)
	s.handle("PUT "+api+"/applications/{app}/commands", true, s.putCommands)
	s.handle("POST "+api+"/applications/{app}/commands", true, s.postCommand)
	s.handle("DELETE "+api+"/applications/{app}/commands/{id}", true, s.deleteCommand)
	s.handle("GET "+api+"/applications/{app}/guilds/{guild}/commands", true, s.listCommands)
	s.handle("PUT "+api+"/applications/{app}/guilds/{guild}/commands", true, s.putCommands)
	s.handle("POST "+api+"/applications/{app}/guilds/{guild}/commands", true, s.postCommand)
	s.handle("DELETE "+api+"/applications/{app}/guilds/{guild}/commands/{id}", true, s.deleteCommand)

	s.handle("POST "+api+"/interactions/{id}/{token}/callback", false, s.interactionCallback)
	s.handle("POST "+api+"/webhooks/{app}/{token}", false, s.webhookExecute)
	s.handle("GET "+api+"/webhooks/{app}/{token}/messages/{msg}", false, s.webhookMessage)
	s.handle("PATCH "+api+"/webhooks/{app}/{token}/messages/{msg}", false, s.webhookMessage)
	s.handle("DELETE "+api+"/webhooks/{app}/{token}/messages/{msg}", false, s.webhookMessage)

	s.handle("GET "+api+"/channels/{channel}", true, s.getChannel)
	s.handle("POST "+api+"/channels/{channel}/typing", true, func(*call) reply { return noContent() })
	s.handle("POST "+api+"/channels/{channel}/messages", true, s.postChannelMessage)
	s.handle("GET "+api+"/channels/{channel}/messages/{msg}", true, s.channelMessage)
	s.handle("PATCH "+api+"/channels/{channel}/messages/{msg}", true, s.channelMessage)
	s.handle("DELETE "+api+"/channels/{channel}/messages/{msg}", true, s.channelMessage)
	s.handle("POST "+api+"/channels/{channel}/messages/{msg}/threads", true, s.startThread)
	s.handle("POST "+api+"/channels/{channel}/threads", true, s.startThread)
	s.handle("PUT "+api+"/channels/{channel}/messages/{msg}/reactions/{emoji}/@me", true, s.reaction)
	s.handle("DELETE "+api+"/channels/{channel}/messages/{msg}/reactions/{emoji}/{user}", true, s.reaction)

	s.handle("/", false, func(*call) reply { return apiError(http.StatusNotFound, 0, "404: Not Found") })
}

func botUser() map[string]any {
	return map[string]any{
		"id": BotUserID, "username": BotUsername, "discriminator": "0",
		"global_name": nil, "avatar": nil, "bot": true, "verified": true, "flags": 0,
	}
}

func (s *Server) getGateway(*call) reply {
	return okJSON(map[string]any{
		"url":    s.GatewayURL(),
		"shards": 1,
		"session_start_limit": map[string]any{
			"total": 1000, "remaining": 999, "reset_after": 14400000, "max_concurrency": 1,
		},
	})
}

func (s *Server) getAttachment(c *call) reply {
	a, ok := s.attachments[c.path("id")]
	if !ok || a.name != c.path("name") {
		return apiError(http.StatusNotFound, 0, "404: Not Found")
	}
	return reply{status: http.StatusOK, raw: a.data, contentType: a.contentType}
}

// Errors as Discord words them (its "JSON Error Codes" table).
var (
	errMissingAccess        = apiError(http.StatusForbidden, 50001, "Missing Access")
	errUnknownChannel       = apiError(http.StatusNotFound, 10003, "Unknown Channel")
	errUnknownMessage       = apiError(http.StatusNotFound, 10008, "Unknown Message")
	errUnknownWebhook       = apiError(http.StatusNotFound, 10015, "Unknown Webhook")
	errUnknownCommand       = apiError(http.StatusNotFound, 10063, "Unknown application command")
	errUnknownInteraction   = apiError(http.StatusNotFound, 10062, "Unknown interaction")
	errAlreadyAcknowledged  = apiError(http.StatusBadRequest, 40060, "Interaction has already been acknowledged.")
	errCannotSendEmpty      = apiError(http.StatusBadRequest, 50006, "Cannot send an empty message")
	errThreadAlreadyCreated = apiError(http.StatusBadRequest, 160004, "A thread has already been created for this message")
)

func invalidForm(why string) reply {
	return apiError(http.StatusBadRequest, 50035, "Invalid Form Body: "+why)
}

// Commands.

func commandsKey(c *call) string { return c.path("app") + "/" + c.path("guild") }

func (s *Server) listCommands(c *call) reply {
	if c.path("app") != ApplicationID {
		return errMissingAccess
	}
	cmds := s.commands[commandsKey(c)]
	if cmds == nil {
		cmds = []any{}
	}
	return okJSON(cmds)
}

// commandName is the rule Discord's "Application Command Naming" gives for
// CHAT_INPUT names, restricted to lower case.
var commandName = regexp.MustCompile(`^[-_\p{L}\p{N}\p{Devanagari}\p{Thai}]{1,32}$`)

// checkCommand applies Discord's limits on a command or option: a lower-case
// name of 1-32 characters and, for slash commands and options, a description
// of 1-100 characters.
func checkCommand(v map[string]any, needDescription bool) string {
	name, _ := v["name"].(string)
	if !commandName.MatchString(name) || strings.ToLower(name) != name {
		return "name " + name + " must be 1-32 lower-case letters, digits, - or _"
	}
	if needDescription {
		desc, _ := v["description"].(string)
		if n := utf8.RuneCountInString(desc); n < 1 || n > 100 {
			return "description of " + name + " must be 1-100 characters"
		}
	}
	opts, _ := v["options"].([]any)
	if len(opts) > 25 {
		return name + " has more than 25 options"
	}
	for _, o := range opts {
		om, _ := o.(map[string]any)
		if why := checkCommand(om, true); why != "" {
			return why
		}
	}
	return ""
}

// echoCommand completes a command as Discord answers it, keeping the id of
// an existing command of the same name.
func (s *Server) echoCommand(c *call, v map[string]any, existing []any) map[string]any {
	out := map[string]any{}
	for k, x := range v {
		out[k] = x
	}
	if _, ok := out["type"]; !ok {
		out["type"] = 1
	}
	out["id"] = s.NewID()
	for _, e := range existing {
		if em := e.(map[string]any); em["name"] == v["name"] && em["type"] == out["type"] {
			out["id"] = em["id"]
		}
	}
	out["application_id"] = ApplicationID
	out["version"] = s.NewID()
	if g := c.path("guild"); g != "" {
		out["guild_id"] = g
	}
	return out
}

func (s *Server) putCommands(c *call) reply {
	if c.path("app") != ApplicationID {
		return errMissingAccess
	}
	list, ok := c.req.JSON.([]any)
	if !ok && c.req.JSON != nil {
		return invalidForm("expected an array of commands")
	}
	existing := s.commands[commandsKey(c)]
	out := make([]any, 0, len(list))
	for _, v := range list {
		m, _ := v.(map[string]any)
		t, _ := m["type"].(float64)
		if why := checkCommand(m, t == 0 || t == 1); why != "" {
			return invalidForm(why)
		}
		out = append(out, s.echoCommand(c, m, existing))
	}
	s.commands[commandsKey(c)] = out
	return okJSON(out)
}

func (s *Server) postCommand(c *call) reply {
	if c.path("app") != ApplicationID {
		return errMissingAccess
	}
	t, _ := c.obj["type"].(float64)
	if why := checkCommand(c.obj, t == 0 || t == 1); why != "" {
		return invalidForm(why)
	}
	key := commandsKey(c)
	cmd := s.echoCommand(c, c.obj, s.commands[key])
	kept := []any{cmd}
	for _, e := range s.commands[key] {
		if e.(map[string]any)["id"] != cmd["id"] {
			kept = append(kept, e)
		}
	}
	s.commands[key] = kept
	return reply{status: http.StatusCreated, body: cmd}
}

func (s *Server) deleteCommand(c *call) reply {
	key := commandsKey(c)
	for i, e := range s.commands[key] {
		if e.(map[string]any)["id"] == c.path("id") {
			s.commands[key] = append(s.commands[key][:i:i], s.commands[key][i+1:]...)
			return noContent()
		}
	}
	return errUnknownCommand
}

// Interactions and their webhooks.

// Interaction callback types (Discord's "Interaction Callback Type").
const (
	callbackPong                     = 1
	callbackChannelMessageWithSource = 4
	callbackDeferredChannelMessage   = 5
	callbackDeferredUpdateMessage    = 6
	callbackUpdateMessage            = 7
)

// messageFlagLoading is Discord's LOADING message flag (1 << 7), set on the
// "is thinking" message a deferred response shows.
const messageFlagLoading = 1 << 7

func (s *Server) interactionCallback(c *call) reply {
	it, ok := s.interactions[c.path("token")]
	if !ok || it.id != c.path("id") || (s.deadline > 0 && time.Since(it.dispatched) > s.deadline) {
		return errUnknownInteraction
	}
	if it.acked {
		return errAlreadyAcknowledged
	}
	data, _ := c.obj["data"].(map[string]any)
	typ, _ := c.obj["type"].(float64)
	switch typ {
	case callbackChannelMessageWithSource:
		if empty(data) {
			return errCannotSendEmpty
		}
		m := s.newMessage(it.channelID, data, c.req.Files, botUser())
		m["webhook_id"], m["application_id"] = ApplicationID, ApplicationID
		m["type"] = 20 // CHAT_INPUT_COMMAND
		s.messages[m["id"].(string)] = m
		it.originalID = m["id"].(string)
	case callbackDeferredChannelMessage:
		m := s.newMessage(it.channelID, nil, nil, botUser())
		flags, _ := data["flags"].(float64)
		m["flags"] = int(flags) | messageFlagLoading
		m["webhook_id"], m["application_id"] = ApplicationID, ApplicationID
		m["type"] = 20
		s.messages[m["id"].(string)] = m
		it.originalID = m["id"].(string)
	case callbackUpdateMessage:
		m, ok := s.messages[it.originalID]
		if !ok {
			return errUnknownMessage
		}
		editMessage(s, m, data, c.req.Files)
	case callbackPong, callbackDeferredUpdateMessage, 8, 9, 10:
		// Nothing visible changes: pong, "no change yet", autocomplete
		// choices, a modal, or a premium upsell.
	default:
		return invalidForm("unknown interaction callback type")
	}
	it.acked = true
	return noContent()
}

// empty reports whether message data has nothing to show.
func empty(data map[string]any) bool {
	for _, k := range []string{"embeds", "components", "attachments", "poll", "sticker_ids"} {
		if l, ok := data[k].([]any); ok && len(l) > 0 {
			return false
		}
		if k == "poll" && data[k] != nil {
			return false
		}
	}
	content, _ := data["content"].(string)
	return strings.TrimSpace(content) == ""
}

// webhookInteraction finds the interaction an app's webhook token belongs to.
func (s *Server) webhookInteraction(c *call) (*interactionState, bool) {
	it, ok := s.interactions[c.path("token")]
	return it, ok && c.path("app") == ApplicationID
}

func (s *Server) webhookExecute(c *call) reply {
	it, ok := s.webhookInteraction(c)
	if !ok {
		return errUnknownWebhook
	}
	if empty(c.obj) && len(c.req.Files) == 0 {
		return errCannotSendEmpty
	}
	m := s.newMessage(it.channelID, c.obj, c.req.Files, botUser())
	m["webhook_id"], m["application_id"] = ApplicationID, ApplicationID
	s.messages[m["id"].(string)] = m
	it.followups = append(it.followups, m["id"].(string))
	if c.req.Query.Get("wait") != "true" {
		return noContent()
	}
	return okJSON(m)
}

func (s *Server) webhookMessage(c *call) reply {
	it, ok := s.webhookInteraction(c)
	if !ok {
		return errUnknownWebhook
	}
	id := c.path("msg")
	if id == "@original" {
		id = it.originalID
	} else if !contains(it.followups, id) {
		return errUnknownMessage
	}
	m, ok := s.messages[id]
	if !ok {
		return errUnknownMessage
	}
	switch c.r.Method {
	case http.MethodPatch:
		editMessage(s, m, c.obj, c.req.Files)
	case http.MethodDelete:
		delete(s.messages, id)
		return noContent()
	}
	return okJSON(m)
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// Channels and messages.

func (s *Server) getChannel(c *call) reply {
	ch, ok := s.channels[c.path("channel")]
	if !ok {
		return errUnknownChannel
	}
	return okJSON(ch.json())
}

func (s *Server) postChannelMessage(c *call) reply {
	if _, ok := s.channels[c.path("channel")]; !ok {
		return errUnknownChannel
	}
	if empty(c.obj) && len(c.req.Files) == 0 {
		return errCannotSendEmpty
	}
	m := s.newMessage(c.path("channel"), c.obj, c.req.Files, botUser())
	s.messages[m["id"].(string)] = m
	return okJSON(m)
}

func (s *Server) channelMessage(c *call) reply {
	m, ok := s.messages[c.path("msg")]
	if !ok || m["channel_id"] != c.path("channel") {
		return errUnknownMessage
	}
	switch c.r.Method {
	case http.MethodPatch:
		if a, _ := m["author"].(map[string]any); a["id"] != BotUserID {
			return apiError(http.StatusForbidden, 50005, "Cannot edit a message authored by another user")
		}
		editMessage(s, m, c.obj, c.req.Files)
	case http.MethodDelete:
		delete(s.messages, c.path("msg"))
		return noContent()
	}
	return okJSON(m)
}

// Thread auto-archive durations Discord accepts, in minutes.
var archiveDurations = map[float64]bool{60: true, 1440: true, 4320: true, 10080: true}

func (s *Server) startThread(c *call) reply {
	parent, ok := s.channels[c.path("channel")]
	if !ok {
		return errUnknownChannel
	}
	if parent.GuildID == "" || isThread(parent.Type) {
		return apiError(http.StatusBadRequest, 50024, "Cannot execute action on this channel type")
	}
	name, _ := c.obj["name"].(string)
	if n := utf8.RuneCountInString(name); n < 1 || n > 100 {
		return invalidForm("thread name must be 1-100 characters")
	}
	archive, _ := c.obj["auto_archive_duration"].(float64)
	if archive == 0 {
		archive = 4320
	} else if !archiveDurations[archive] {
		return invalidForm("auto_archive_duration must be 60, 1440, 4320 or 10080")
	}
	th := ChannelSpec{
		GuildID: parent.GuildID, Name: name, ParentID: parent.ID,
		OwnerID: BotUserID, AutoArchiveDuration: int(archive),
	}
	if msgID := c.path("msg"); msgID != "" {
		m, ok := s.messages[msgID]
		if !ok || m["channel_id"] != parent.ID {
			return errUnknownMessage
		}
		if _, ok := s.channels[msgID]; ok {
			return errThreadAlreadyCreated
		}
		// A thread started from a message takes the message's id.
		th.ID, th.Type = msgID, ChannelPublicThread
		if parent.Type == ChannelNews {
			th.Type = ChannelNewsThread
		}
		m["thread"] = th.json()
	} else {
		th.ID, th.Type = s.NewID(), ChannelPrivateThread
		if t, _ := c.obj["type"].(float64); t != 0 {
			th.Type = int(t)
		}
	}
	s.channels[th.ID] = th
	return reply{status: http.StatusCreated, body: th.json()}
}

func (s *Server) reaction(c *call) reply {
	if _, ok := s.messages[c.path("msg")]; !ok {
		return errUnknownMessage
	}
	return noContent()
}

// Message objects.

// messageFields are the fields of a create or edit body that a message
// object carries as sent.
var messageFields = []string{"content", "embeds", "components", "allowed_mentions", "flags", "tts", "poll", "message_reference"}

// newMessage builds the message object Discord answers a create with; the
// caller stores it. s.mu must be held.
func (s *Server) newMessage(channelID string, body map[string]any, files []File, author map[string]any) map[string]any {
	m := map[string]any{
		"id": s.NewID(), "type": 0, "channel_id": channelID, "author": author,
		"content": "", "embeds": []any{}, "components": []any{}, "attachments": []any{},
		"mentions": []any{}, "mention_roles": []any{}, "mention_everyone": false,
		"pinned": false, "tts": false, "flags": 0,
		"timestamp": timestamp(time.Now()), "edited_timestamp": nil,
	}
	if ch, ok := s.channels[channelID]; ok && ch.GuildID != "" {
		m["guild_id"] = ch.GuildID
	}
	setMessageFields(m, body)
	s.addFiles(m, files)
	if ref, _ := body["message_reference"].(map[string]any); ref != nil {
		m["type"] = 19 // REPLY
		if id, _ := ref["message_id"].(string); s.messages[id] != nil {
			m["referenced_message"] = s.messages[id]
		}
	}
	return m
}

func setMessageFields(m, body map[string]any) {
	for _, k := range messageFields {
		v, ok := body[k]
		if !ok {
			continue
		}
		switch {
		case v != nil:
			m[k] = v
		case k == "content":
			m[k] = ""
		case k == "embeds" || k == "components":
			m[k] = []any{}
		default:
			delete(m, k)
		}
	}
}

// editMessage applies a PATCH body to a stored message.
func editMessage(s *Server, m, body map[string]any, files []File) {
	setMessageFields(m, body)
	if f, ok := m["flags"].(int); ok {
		m["flags"] = f &^ messageFlagLoading
	} else if f, ok := m["flags"].(float64); ok {
		m["flags"] = int(f) &^ messageFlagLoading
	}
	s.addFiles(m, files)
	m["edited_timestamp"] = timestamp(time.Now())
}

// addFiles turns uploaded files into the message's attachments, served by
// the fake at /attachments/{id}/{name}.
func (s *Server) addFiles(m map[string]any, files []File) {
	if len(files) == 0 {
		return
	}
	var list []any
	for _, f := range files {
		a := s.attachLocked(f.Name, f.ContentType, f.Data)
		list = append(list, a.json())
	}
	m["attachments"] = list
}
