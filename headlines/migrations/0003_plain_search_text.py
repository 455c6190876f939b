"""The search text of each published version, as plain text.

It used to be the document's HTML with the tags stripped: entities stayed encoded ("ESME
&amp; GMSE") and the words of adjoining list items ran together ("VUSAs;Approved"). Search
snippets show this text, escaped, so it is now the document's words, blocks apart, entities
decoded; the versions already published are given theirs from their frozen documents.
"""

from django.db import migrations


def plain_text(apps, schema_editor):
    # The rendering of the day is the point: the text is what search reads now.
    from headlines.composer import HeadlinesDocument
    from headlines.rendering import headlines_text

    HeadlinesVersion = apps.get_model("headlines", "HeadlinesVersion")
    for version in HeadlinesVersion.objects.only("pk", "document").iterator():
        text = headlines_text(HeadlinesDocument.from_dict(version.document))
        HeadlinesVersion.objects.filter(pk=version.pk).update(text=text)


class Migration(migrations.Migration):
    dependencies = [
        ("headlines", "0002_headlines_withdrawal"),
    ]

    operations = [
        migrations.RunPython(plain_text, migrations.RunPython.noop),
    ]
