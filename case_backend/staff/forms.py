"""The staff forms (Flask-WTF: every one carries and checks a CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectField, TextAreaField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from case_backend.accounts import MIN_PASSWORD_LENGTH


class LoginForm(FlaskForm):
    email = EmailField("Email address", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1000)])


class PasswordChangeForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired(), Length(max=1000)])
    new = PasswordField("New password", validators=[
        DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=1000)])
    confirm = PasswordField("New password again", validators=[
        DataRequired(), EqualTo("new", message="The two new passwords are not the same.")])


class ActionForm(FlaskForm):
    """A button that only needs the CSRF token (sign out, merge)."""


class StatusForm(FlaskForm):
    status = SelectField("Move to", validators=[DataRequired()], validate_choice=False)
    assignee = SelectField("Allocated to", validators=[Optional()], validate_choice=False)
    note = TextAreaField("Note", validators=[Optional(), Length(max=5000)])


class NoteForm(FlaskForm):
    note = TextAreaField("Note", validators=[DataRequired(), Length(max=5000)])


class IcbForm(FlaskForm):
    icb = SelectField("ICB", validators=[DataRequired()], validate_choice=False)


class MergeForm(FlaskForm):
    other = HiddenField(validators=[DataRequired(), Length(max=20)])
