# Ce que disent les constats de `rapporteur check`, en français : les documents en
# français (les points ouverts d'un projet) les montrent. Chaque identifiant commence par
# le code de sa règle ; `en.ftl` a les mêmes. Citer le texte et les noms entre
# `accents graves` : les documents en font les guillemets de leur langue (« … », “…”).

## T : terminologie

T001 = `{ $variant }` est une variante de `{ $preferred }`
T002 = `{ $name }` est employé avant d'être développé, en { $at }
T002-help = déplacer le développement ici : `{ $expansion } ({ $name })`, puis employer le sigle seul
T003 = `{ $name }` n'est jamais développé en `{ $lang }`
T003-help = écrire `{ $expansion } ({ $name })` à la première occurrence
T004 = `{ $acronym }` est développé en `{ $other }` ; la base terminologique dit `{ $expansion }`
T004-help = écrire `{ $expansion }`, ou ajouter `{ $other }` aux `forms` de `{ $acronym }` dans schemas/terminology.yaml
T004-twice = `{ $acronym }` est développé en `{ $written }`, mais en `{ $first }` en { $at }
T004-twice-help = le développer d'une seule façon ; donner au sigle son `expansion` dans schemas/terminology.yaml
T005 = `{ $word }` n'est pas dans la base terminologique
T005-help = ajouter `{ $word }` aux `acronyms` de `{ $lang }` dans schemas/terminology.yaml avec son développement (ou à `names` si ce n'est pas un sigle)
T006 = `{ $acronym }` désigne plus d'une chose dans ce rapport
T006-help = préciser lequel est visé
T006-help-note = préciser lequel est visé : { $note }
T007 = `{ $wording }` : { $note }
T007-help = arrêter la formulation, puis retirer son entrée `doubtful` de schemas/terminology.yaml
T008 = `{ $written }` est le sigle `{ $acronym }` écrit avec une autre casse
T009 = `{ $written }` est la forme { $other ->
        [en] anglaise
        [fr] française
       *[other] `{ $other }`
    } de `{ $ours }` : un texte { $lang ->
        [en] anglais
        [fr] français
       *[other] `{ $lang }`
    } écrit `{ $ours }`
T009-help = un nom qui contient `{ $written }` (programme, exercice) s'inscrit dans la base terminologique, comme sigle ou sous `names` dans schemas/terminology.yaml : il n'est alors admis que là

## Y : typographie

Y001-before = { $space ->
        [nbsp] espace insécable (U+00A0)
        [nnbsp] espace fine insécable (U+202F)
        [tab] tabulation
        [thin] espace fine (U+2009)
        [several] espaces
       *[plain] espace ordinaire
    } avant `{ $sign }`, au lieu de l'espace insécable de la charte
Y001-after = { $space ->
        [nbsp] espace insécable (U+00A0)
        [nnbsp] espace fine insécable (U+202F)
        [tab] tabulation
        [thin] espace fine (U+2009)
        [several] espaces
       *[plain] espace ordinaire
    } après `«`, au lieu de l'espace insécable de la charte
Y001-glued = pas d'espace avant `{ $sign }`
Y001-glued-after = pas d'espace après `«`
Y002 = { $space ->
        [nbsp] espace insécable (U+00A0)
        [nnbsp] espace fine insécable (U+202F)
        [tab] tabulation
        [thin] espace fine (U+2009)
        [several] espaces
       *[plain] espace ordinaire
    } avant `{ $sign }`
Y003 = { $count } espaces de suite
Y004 = `{ $found }` n'est pas l'apostrophe de la charte, `{ $want }`
Y005 = { $space ->
        [nbsp] espace insécable (U+00A0)
        [nnbsp] espace fine insécable (U+202F)
        [tab] tabulation
        [thin] espace fine (U+2009)
        [several] espaces
       *[plain] espace ordinaire
    } entre les chiffres d'un nombre
Y006 = guillemets droits autour de `{ $quoted }`
Y006-unpaired = un guillemet droit sans son pendant
Y006-unpaired-help = fermer la citation, ou retirer le guillemet ; `rapporteur check --fix` écrit ensuite les guillemets de la langue

## E : actualité de l'édition

E001 = « { $written } » désigne ce rapport par l'ordinal de l'édition { $past } ; il s'agit de l'édition { $number } ({ $current })
E001-help = s'il désigne ce rapport, écrire « { $current } » ; s'il cite le rapport de l'édition { $past }, le dire clairement (« { $past_ordinal } »)
E001-period = « { $written } » est la période de l'édition { $past } ; il s'agit de l'édition { $number }, sur { $period }
E002 = `{ $domain }` est mot pour mot tel que dans `{ $revision }` ({ $count ->
        [one] { $count } paragraphe
       *[other] { $count } paragraphes
    })
E002-help = le réécrire pour la période de cette édition ; c'est un avertissement dès que la section est `review` ou `final`
E002-help-period = le réécrire pour la période de cette édition ({ $period }) ; c'est un avertissement dès que la section est `review` ou `final`
E003 = « { $written } » tombe après la fin de la période de cette édition ({ $covered })
E003-help = corriger la date, garder l'événement pour la prochaine édition, ou dire qu'il est prévu
E004 = l'édition précédente `{ $revision }` est illisible ({ $reason }) : les sections ne lui sont pas comparées (E002)
E004-help = récupérer les étiquettes (`git fetch --tags`), ou nommer une révision que ce dépôt contient
E005 = « { $written } » tombe dans la période de l'édition { $previous } ({ $covered })
E005-help = le garder s'il sert de contexte à cette édition ; sinon il figurait déjà l'an dernier : le remplacer par les faits de cette période

## Commun

did-you-mean = vouliez-vous dire `{ $near }` ?

## S : structure

S001 = impossible de lire `{ $path }` : { $reason }
S001-help = enregistrer le fichier en texte brut UTF-8, dans le dépôt
S002 = l'en-tête n'est pas du YAML valide : { $detail }
S002-help = corriger le YAML à cet endroit ; les champs sont `domain`, `proposals` et `status`
S003 = l'en-tête ne suit pas son schéma : { $detail }
S003-help = { $detail }
S003-missing = le fichier n'a pas d'en-tête
S003-missing-help = commencer le fichier par `---`, `domain: <slug>`, `status: draft` et `---`, chacun sur sa ligne
S004 = `{ $slug }` n'est pas un domaine de schemas/domains.yaml
S004-help = employer l'un des identifiants de schemas/domains.yaml ; l'éditeur les complète
S005 = le domaine `{ $slug }` a déjà une section en `{ $lang }` : { $first }
S005-help = garder un fichier par domaine et par langue : fusionner les deux
S006 = le domaine `{ $slug }` n'a pas de section en `{ $lang }`
S006-help = ajouter { $path } avec `domain: { $slug }` dans son en-tête
S007 = la section `{ $domain }` n'a pas de texte
S007-help = écrire les paragraphes de la section après le `---` de fermeture
S008-own = `{ $code }` ne peut pas être admis : il porte sur les commentaires d'exception eux-mêmes
S008-own-help = corriger plutôt le commentaire
S008-unknown = `{ $code }` n'est pas un code de règle
S008-unknown-near-help = vouliez-vous dire `{ $near }` ? `rapporteur rules` liste les codes
S008-unknown-help = désigner les règles par leur code, tel que `rapporteur rules` les liste
S008-no-rule = cette exception ne nomme aucune règle
S008-no-rule-help = nommer les règles admises, puis dire pourquoi : `<!-- rapporteur-allow E001: citation du onzième rapport -->`
S008-no-reason = cette exception ne donne pas de motif
S008-no-reason-help = dire pourquoi après deux-points, pour les relecteurs : `<!-- rapporteur-allow E001: citation du onzième rapport -->`
S009 = le paragraphe suivant n'a pas de constat { $codes_fr } : cette exception est caduque
S009-not-above = cette exception n'est pas juste au-dessus d'un paragraphe : elle n'admet rien
S009-help = retirer ce dont l'exception n'a plus besoin (`rapporteur check --fix` le fait)
S010 = ce commentaire n'est jamais fermé : le reste du fichier n'est pas publié
S010-help = le fermer par `-->` là où la note finit

## P : propositions

P001 = `{ $id }` n'est pas une proposition de schemas/proposals.yaml
P001-waiver = dérogation pour `{ $id }`, qui n'est pas une proposition de schemas/proposals.yaml
P001-help = employer un identifiant de schemas/proposals.yaml, par exemple `{ $example }` ; l'éditeur les complète
P001-help-empty = schemas/proposals.yaml n'a encore aucune proposition
P002 = la proposition `{ $id }` n'est citée par aucune section et ne fait l'objet d'aucune dérogation
P002-help = inscrire `{ $id }` dans les `proposals` de la section qui en rend compte, ou lui accorder une dérogation motivée dans drafts/report.yaml
P003 = `{ $id }` relève du domaine d'action `{ $area }`, que la section `{ $domain }` ne couvre pas ({ $areas })
P003-help = vérifier l'identifiant ; s'il est juste, ajouter le domaine d'action au domaine dans schemas/domains.yaml
P004 = { $waived ->
        [one] { $waived } proposition sur { $total } fait
       *[other] { $waived } propositions sur { $total } font
    } l'objet d'une dérogation pour cette édition ({ $ids })
P004-reason = { $waived ->
        [one] { $waived } proposition sur { $total } fait
       *[other] { $waived } propositions sur { $total } font
    } l'objet d'une dérogation pour cette édition ({ $ids }) : { $reason }
P005 = `{ $id }` fait l'objet d'une dérogation, mais une section en rend compte
P005-help = retirer la dérogation
P006 = { $count ->
        [one] { $count } dérogation ne donne pas de motif
       *[other] { $count } dérogations ne donnent pas de motif
    } en `{ $lang }` ({ $ids }) : l'annexe `{ $lang }` les montre sans motif
P006-help = donner le motif langue par langue, dont `{ $lang }` : `{ $example }`

## B : corps du texte

B001 = le paragraphe finit sans ponctuation et le suivant (ligne { $line }) commence par une minuscule
B002 = ce paragraphe figure déjà en { $at }
B002-help = garder l'une des deux copies
B003 = caractère de contrôle { $character } dans le texte

## L : langues

L001 = le domaine `{ $domain }` a une section en `{ $lang }` mais aucune en `{ $missing_in }`
L001-help = ajouter la section `{ $missing_in }`, ou retirer celle-ci
L002 = les propositions diffèrent de `{ $lang }` ({ $path }) : { $which ->
        [both] il manque { $missing } à cette section, qui ajoute { $extra }
        [missing] il manque { $missing } à cette section
       *[extra] cette section ajoute { $extra }
    }
L002-help = citer les mêmes propositions dans toutes les langues
L003 = les nombres diffèrent de `{ $lang }` ({ $at }) : { $which ->
        [both] il manque { $missing } à ce paragraphe, qui a en plus { $extra }
        [missing] il manque { $missing } à ce paragraphe
       *[extra] ce paragraphe a en plus { $extra }
    }
L003-help = vérifier les chiffres sur la langue de référence
L004 = { $count } paragraphes, mais { $reference } en `{ $lang }` ({ $path })
L004-help = garder les paragraphes de la langue de référence, un pour un
L005 = l'italique, le gras et les exposants diffèrent de `{ $lang }` ({ $at }) : { $source }, ce paragraphe { $here }
L005-help = garder le balisage de la source : `24^e^` s'écrit `24^th^` en anglais, `*mot*` est un italique
L005-bold = { $count } { $count ->
        [one] passage en gras
       *[other] passages en gras
    }
L005-emphasis = { $count } { $count ->
        [one] italique
       *[other] italiques
    }
L005-superscript = { $count } { $count ->
        [one] exposant
       *[other] exposants
    }
L005-none = aucun
L006-superscript = `{ $marker }` dans « { $word } » ouvre un exposant jamais fermé : il serait imprimé tel quel
L006-superscript-help = le fermer (`24^th^`), ou écrire `\^` pour un accent circonflexe seul
L006-emphasis = `{ $marker }` dans « { $word } » ouvre un italique jamais fermé : il serait imprimé tel quel
L006-emphasis-help = le fermer (`*mot*`), ou écrire `\*` pour un astérisque

## R : relecture

R001 = `{ $domain }` a changé depuis que { $by } l'a approuvé le { $date } (commit { $commit })
R001-help = `rapporteur diff --since-signoff { $domain }` montre ce qui a changé ; demander ensuite une nouvelle approbation
R002 = `{ $domain }` est final mais personne ne l'a approuvé pour l'édition { $edition }
R002-help = enregistrer l'approbation : `rapporteur sign-off { $domain } --by NOM`
R003 = `{ $domain }` est `{ $status }`, pas `final`
R003-help = une fois qu'elle est arrêtée : `rapporteur status set final { $domain }`

## F : fraîcheur des traductions

F001 = le paragraphe `{ $source_lang }` que celui-ci traduit a changé depuis sa traduction (désormais en { $at })
F001-help = `rapporteur translate diff { $domain } --lang { $lang }` montre ce qui a changé ; mettre ce paragraphe à jour, puis `rapporteur translate accept { $domain } --lang { $lang } --paragraph { $paragraph }`
F002 = le paragraphe `{ $source_lang }` { $at } (« { $opening } ») n'a pas de traduction : il a été ajouté après la traduction de cette section
F002-help = le traduire ici, puis `rapporteur translate accept { $domain } --lang { $lang }` (ou le confier à un outil de TAO avec `rapporteur xliff export --lang { $lang } --only outdated`)
F003 = ce paragraphe traduit un paragraphe `{ $source_lang }` retiré depuis de { $path }
F003-help = le supprimer si le retrait est maintenu, puis `rapporteur translate accept { $domain } --lang { $lang }`
F004 = pas de relevé de traduction : rien ne dit quel texte `{ $source_lang }` cette section traduit, aucun paragraphe ne peut donc lui être rapporté
F004-help = elle a { $count } paragraphes et { $path } en a { $source_count } : les faire correspondre un pour un, puis `rapporteur translate init --lang { $lang }`
F004-help-match = ses paragraphes correspondent un pour un à { $path } : `rapporteur translate init --lang { $lang }` écrit le premier relevé
F005 = le relevé de traduction compte { $recorded } { $recorded ->
        [one] paragraphe source
       *[other] paragraphes source
    }, mais la section en a { $paragraphs }
F005-help = faire correspondre les paragraphes un pour un à { $path } ({ $count } paragraphes), puis `rapporteur translate accept { $domain } --lang { $lang }`
F005-no-source = un relevé de traduction dans une section qui n'est pas une traduction : drafts/report.yaml ne nomme pas de langue `source:`, rien ne lit donc ce relevé
F005-source = un relevé de traduction dans une section qui n'est pas une traduction : `{ $source }` est la langue source (`source:` dans drafts/report.yaml), ses sections ne sont pas des traductions
F005-no-translation-help = retirer `translated_from`, ou renseigner `source:` dans drafts/report.yaml
F006 = ce paragraphe est sa source `{ $source_lang }` ({ $at }), non traduite
F006-help = le traduire en `{ $lang }` ; si l'identité est voulue (un nom), le reconnaître par `<!-- rapporteur-allow F006: motif -->` sur la ligne au-dessus
F007 = traduction en cours : { $untranslated } { $untranslated ->
        [one] paragraphe
       *[other] paragraphes
    } sur { $count } de { $path } pas encore { $untranslated ->
        [one] traduit
       *[other] traduits
    }
F007-help = `rapporteur xliff export --lang { $lang }` les confie à un outil de TAO, `xliff import` les rapporte ; `rapporteur translate status --lang { $lang }` montre l'avancement

## Toutes les règles : le nombre qui tient lieu des constats non montrés (src/check/cap.rs)

capped = { $count ->
        [one] encore { $count } constat
       *[other] encore { $count } constats
    } `{ $code }` dans ce fichier, non { $count ->
        [one] montré
       *[other] montrés
    } (les { $shown } premiers le sont)
capped-help = corriger ceux qui sont montrés (ou lancer `rapporteur check --fix`), puis vérifier à nouveau ; le fichier est peut-être endommagé ou collé d'ailleurs
