"""API shapes of committees and meetings."""

from __future__ import annotations

from rest_framework import serializers

from repm_portal.accounts.models import User

from .models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Comment,
    Committee,
    CoOption,
    Decision,
    ExpertSource,
    Meeting,
    Seat,
    SeatTerm,
)


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "full_name", "organisation"]


class TermSerializer(serializers.ModelSerializer):
    holder = PersonSerializer(read_only=True)

    class Meta:
        model = SeatTerm
        fields = ["id", "holder", "starts_on", "ends_on", "order"]


class SeatSerializer(serializers.ModelSerializer):
    current = TermSerializer(many=True, read_only=True, help_text="The holder today, if any.")

    class Meta:
        model = Seat
        fields = ["id", "number", "particulars", "designation", "current"]


class CommitteeSerializer(serializers.ModelSerializer):
    seats = SeatSerializer(many=True, read_only=True)

    class Meta:
        model = Committee
        fields = ["code", "name", "annexure", "seats"]


class AppointSerializer(serializers.Serializer):
    seat = serializers.IntegerField(min_value=1, help_text="The seat's serial number.")
    holder = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    order = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class RelieveSerializer(serializers.Serializer):
    ends_on = serializers.DateField(help_text="The last day the person holds the seat.")


class CommentSerializer(serializers.ModelSerializer):
    author = PersonSerializer(read_only=True)

    class Meta:
        model = Comment
        fields = ["id", "author", "text", "at"]


class DecisionSerializer(serializers.ModelSerializer):
    addressed_to = PersonSerializer(read_only=True)

    class Meta:
        model = Decision
        fields = ["id", "text", "addressed_to", "at"]


class ActionSerializer(serializers.ModelSerializer):
    owner = PersonSerializer(read_only=True)
    meeting = serializers.IntegerField(source="item.meeting_id", read_only=True)

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "meeting",
            "description",
            "owner",
            "due_on",
            "status",
            "closed_at",
            "closing_note",
        ]


class ItemSerializer(serializers.ModelSerializer):
    comments = CommentSerializer(many=True, read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)
    actions = ActionSerializer(many=True, read_only=True)

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "position",
            "kind",
            "title",
            "detail",
            "url",
            "ref",
            "comments",
            "decisions",
            "actions",
        ]


class AttendanceSerializer(serializers.ModelSerializer):
    person = PersonSerializer(read_only=True)
    seat = serializers.IntegerField(source="seat.number", read_only=True, allow_null=True)

    class Meta:
        model = Attendance
        fields = ["person", "seat", "present"]


class CoOptionSerializer(serializers.ModelSerializer):
    expert = PersonSerializer(read_only=True)

    class Meta:
        model = CoOption
        fields = ["expert", "source"]


class MeetingSerializer(serializers.ModelSerializer):
    committee = serializers.CharField(source="committee.code", read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "committee",
            "title",
            "starts_at",
            "venue",
            "video_link",
            "quarter",
            "status",
            "quorum_required",
            "quorum_met",
            "confirmed_at",
        ]


class MeetingDetailSerializer(MeetingSerializer):
    items = ItemSerializer(many=True, read_only=True)
    attendance = AttendanceSerializer(many=True, read_only=True)
    co_options = CoOptionSerializer(many=True, read_only=True)

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "items", "attendance", "co_options"]


class ScheduleSerializer(serializers.Serializer):
    committee = serializers.ChoiceField(choices=["smc", "tc"])
    starts_at = serializers.DateTimeField(help_text="ISO 8601, e.g. 2027-01-15T11:00+05:30")
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    venue = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    video_link = serializers.URLField(required=False, allow_blank=True, default="")
    quarter = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="e.g. FY2026-27-Q2"
    )


class ItemAddSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    detail = serializers.CharField(required=False, allow_blank=True, default="")


class CoOptSerializer(serializers.Serializer):
    expert = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    source = serializers.ChoiceField(choices=ExpertSource.choices)  # type: ignore[assignment]


class AttendanceInSerializer(serializers.Serializer):
    present = serializers.PrimaryKeyRelatedField(
        many=True, queryset=User.objects.all(), help_text="The users present."
    )


class CommentInSerializer(serializers.Serializer):
    text = serializers.CharField()


class DecisionInSerializer(serializers.Serializer):
    text = serializers.CharField()
    addressed_to = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True, default=None
    )


class ActionInSerializer(serializers.Serializer):
    description = serializers.CharField()
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    due_on = serializers.DateField()


class CloseSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
