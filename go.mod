module github.com/doctrinebot/doctrinebot

go 1.26.8

require (
	github.com/philippgille/chromem-go v0.7.0 // indirect
	golang.org/x/text v0.44.0 // indirect
)
