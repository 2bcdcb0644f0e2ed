"""The benefit period in the citizen API: the "this month" card, the monthly notification and
"I found a job" (request bodies are documented here and checked by claims.period.forms)."""

from __future__ import annotations

from rest_framework import serializers

from claims.period import forms


class MonthSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()
    window_first = serializers.DateField()
    window_last = serializers.DateField()
    payment_due_on = serializers.DateField()
    amount = serializers.IntegerField(help_text="whole dong")
    status = serializers.CharField(help_text="due | notified | suspended | paid | ended")
    overpaid = serializers.BooleanField()


class TerminationSerializer(serializers.Serializer):
    ground = serializers.CharField(help_text="the letter of Law 74/2025 Art. 41.4")
    ground_label = serializers.CharField(source="get_ground_display")
    event_date = serializers.DateField()
    effective_on = serializers.DateField()
    state = serializers.CharField(help_text="proposed | signed | returned")
    reported_by_worker = serializers.BooleanField()
    reserved_months = serializers.IntegerField(allow_null=True)


class RecoverySerializer(serializers.Serializer):
    amount = serializers.IntegerField()
    outstanding = serializers.IntegerField()
    state = serializers.CharField(help_text="open | repaid | offset | cancelled")
    months = serializers.ListField(child=serializers.DictField())


class PeriodCardSerializer(serializers.Serializer):
    """The worker's month: which benefit month, its window, notified or not, the next payment,
    the months left and what missing the window means."""

    index = serializers.IntegerField(help_text="the benefit month the worker is in (1..total)")
    months_total = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()
    window_first = serializers.DateField()
    window_last = serializers.DateField()
    window_open = serializers.BooleanField()
    window_closes_today = serializers.BooleanField()
    notified = serializers.BooleanField()
    notified_at = serializers.DateTimeField(allow_null=True)
    status = serializers.CharField()
    next_payment_amount = serializers.IntegerField(allow_null=True)
    next_payment_on = serializers.DateField(allow_null=True)
    next_payment_needs_notification = serializers.BooleanField()
    months_left = serializers.IntegerField()
    misses_in_row = serializers.IntegerField()
    miss_means = serializers.CharField(
        help_text="suspend: the month is not paid and lost; end: a third miss ends the benefit"
    )
    miss_means_text = serializers.CharField()
    next_window_first = serializers.DateField(allow_null=True)
    next_window_last = serializers.DateField(allow_null=True)
    reserved_months = serializers.IntegerField()
    terminated = serializers.BooleanField()
    ended_on = serializers.DateField(allow_null=True)
    open_recovery = serializers.IntegerField(help_text="dong still to repay")
    can_notify = serializers.BooleanField()
    months = MonthSerializer(many=True)
    termination = TerminationSerializer(allow_null=True)
    recoveries = RecoverySerializer(many=True)


class LogEntrySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[k for k, _label in forms.SEARCH_KINDS])
    where = serializers.CharField(max_length=200)
    date = serializers.DateField()


class EventSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[k for k, _label in forms.EVENTS])
    date = serializers.DateField(required=False)
    detail = serializers.CharField(required=False, max_length=500)


class NotificationInputSerializer(serializers.Serializer):
    """This month's notification in one call (the same answers as the pages)."""

    still_unemployed = serializers.BooleanField()
    job_search_log = LogEntrySerializer(many=True, required=False)
    available = serializers.BooleanField(required=False)
    unavailable_reason = serializers.CharField(required=False, max_length=500)
    event = EventSerializer(required=False)


class NotificationSerializer(serializers.Serializer):
    month = serializers.IntegerField(source="month.index")
    channel = serializers.CharField()
    notified_at = serializers.DateTimeField()
    still_unemployed = serializers.BooleanField()
    looked_for_work = serializers.BooleanField()
    job_search_log = serializers.ListField(child=serializers.DictField())
    available = serializers.BooleanField()
    event_kind = serializers.CharField()
    event_date = serializers.DateField(allow_null=True)


class EndInputSerializer(serializers.Serializer):
    ground = serializers.ChoiceField(choices=[k for k, _label in forms.WORKER_GROUNDS])
    date = serializers.DateField()
    employer = serializers.CharField(required=False, max_length=200)


class EndResultSerializer(serializers.Serializer):
    termination = TerminationSerializer()
    reserved_months = serializers.IntegerField()
