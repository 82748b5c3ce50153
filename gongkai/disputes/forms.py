from django import forms

from .models import Dispute

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DisputeForm(forms.ModelForm):
    class Meta:
        model = Dispute
        fields = ["kind", "filed_on", "body", "case_number", "outcome", "closed_on"]
        widgets = {"filed_on": DATE, "closed_on": DATE}


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Dispute
        fields = ["outcome", "closed_on", "case_number"]
        widgets = {"closed_on": DATE}
